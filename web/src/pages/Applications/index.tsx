export { AppList } from './AppList';
export { AppDetail } from './AppDetail';
