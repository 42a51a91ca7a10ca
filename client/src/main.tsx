import './styles.css';

// The driver page is its own small app: a phone on a link should not load the board and the map.
if (window.location.pathname.startsWith('/driver')) {
  void import('./driver/main');
} else {
  void import('./board/main');
}
