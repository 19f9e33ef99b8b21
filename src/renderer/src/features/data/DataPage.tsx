import { ComingPage } from '../../components/ComingPage';

export function DataPage() {
  return <ComingPage page="data" />;
}
