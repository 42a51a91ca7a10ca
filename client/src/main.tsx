import { render } from 'preact';
import { start } from './board/store';
import { App } from './components/App';
import './styles.css';

render(<App />, document.getElementById('app')!);
void start();
