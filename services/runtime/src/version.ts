/** The Paddock version, reported by GetInfo and `paddock --version`. */
export const VERSION = '0.1.0';
