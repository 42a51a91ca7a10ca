import { render } from 'preact';
import { DriverApp } from './DriverApp';
import { start } from './driver-store';
import './driver.css';
import { DRIVER_LANGUAGES, startLanguage, t } from '../i18n/i18n';

startLanguage(DRIVER_LANGUAGES);
document.title = t('driver.title');
render(<DriverApp />, document.getElementById('app')!);
start();
