import { ComingPage } from '../../components/ComingPage';

export function CustomersPage() {
  return <ComingPage page="customers" />;
}
