import { ComingPage } from '../../components/ComingPage';

export function ContractsPage() {
  return <ComingPage page="contracts" />;
}
