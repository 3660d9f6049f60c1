import { isHTTPError, type KyInstance } from 'ky';

/** GET through a ky instance; an HTTP error resolves with its status like the other clients. */
export async function kyGet(api: KyInstance, url: string): Promise<number> {
  try {
    const response = await api.get(url);
    await response.json();
    return response.status;
  } catch (error) {
    if (isHTTPError(error)) return error.response.status;
    throw error;
  }
}
