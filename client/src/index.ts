/** The web client arrives with the live map and board; this package reserves its place in the workspace. */
export {};
