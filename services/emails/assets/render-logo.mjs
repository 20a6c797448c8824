// Renders assets/logo.svg to assets/logo.png (the CID attachment of every e-mail). Run once after editing the SVG:
//   node services/emails/assets/render-logo.mjs
// The PNG is committed, so neither the build nor the service needs sharp or the fonts.
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const svg = fileURLToPath(new URL('./logo.svg', import.meta.url));
const png = fileURLToPath(new URL('./logo.png', import.meta.url));
// Twice the displayed size (192 px wide in the mail) so it stays sharp on high-density screens.
const info = await sharp(svg, { density: 96 }).resize({ width: 384 }).png({ compressionLevel: 9, palette: true }).toFile(png);
console.log(`wrote ${png} (${info.width}x${info.height}, ${info.size} bytes)`);
