// GitHub returns file and blob content as base64 broken into lines of 60 characters, each
// ending in "\n" (the output of Ruby's Base64.encode64); clients must strip the newlines.
export function base64Lines(bytes: Uint8Array): string {
  const encoded = Buffer.from(bytes).toString("base64");
  let out = "";
  for (let i = 0; i < encoded.length; i += 60) out += `${encoded.slice(i, i + 60)}\n`;
  return out;
}
