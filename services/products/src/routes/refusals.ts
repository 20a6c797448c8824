import { notFound } from '@marketshare/service-kit';

// 404s a page can meet, each with the code clients word (PERSON_ERROR_CODES): a product deleted while its page or
// form was open, an image another edit removed.
export const productNotFound = () => notFound('Product', 'product_not_found');
export const imageNotFound = () => notFound('Image', 'image_not_found');
