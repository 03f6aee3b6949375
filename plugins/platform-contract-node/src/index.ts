/**
 * Extension points for the platform contract backend: other backend modules
 * contribute fact providers through them.
 *
 * @packageDocumentation
 */
export {};
