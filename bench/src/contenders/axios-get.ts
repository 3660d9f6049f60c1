import { type AxiosInstance, isAxiosError } from 'axios';

/** GET through an axios instance; an HTTP error resolves with its status like the other clients. */
export async function axiosGet(api: AxiosInstance, url: string): Promise<number> {
  try {
    return (await api.get(url)).status;
  } catch (error) {
    if (isAxiosError(error) && error.response !== undefined) return error.response.status;
    throw error;
  }
}
