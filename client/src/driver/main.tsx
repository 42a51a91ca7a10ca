import { render } from 'preact';
import { DriverApp } from './DriverApp';
import { start } from './driver-store';
import './driver.css';

document.title = 'Dockwatch · Driver';
render(<DriverApp />, document.getElementById('app')!);
start();
