import { ComingPage } from '../../components/ComingPage';

export function AuditPage() {
  return <ComingPage page="audit" />;
}
