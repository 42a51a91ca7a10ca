import { render } from 'preact';
import { boot } from '../auth/auth-store';
import { App } from '../components/App';

render(<App />, document.getElementById('app')!);
void boot();
