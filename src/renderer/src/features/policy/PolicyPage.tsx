import { ComingPage } from '../../components/ComingPage';

export function PolicyPage() {
  return <ComingPage page="policy" />;
}
