import { ErrorDetail } from '@tongdao/kernel';

/** The one error shape of the API, for every 4xx and 5xx. */
export interface ErrorBody {
  code: string;
  message: string;
  details: ErrorDetail[];
  requestId: string | null;
}
