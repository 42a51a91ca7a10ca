import { render } from 'preact';
import { boot } from '../auth/auth-store';
import { App } from '../components/App';
import { SCREEN_LANGUAGES, startLanguage } from '../i18n/i18n';

startLanguage(SCREEN_LANGUAGES);

render(<App />, document.getElementById('app')!);
void boot();
