import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Push fields in wire order: strings go out as CDATA, numbers (CreateTime, MsgId, MsgID) bare, as WeChat sends them. */
export type XmlFields = Record<string, string | number | bigint>;

function cdata(text: string): string {
  // `]]>` cannot appear inside one CDATA section, so it is split across two.
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function buildXml(fields: XmlFields): string {
  const inner = Object.entries(fields)
    .map(
      ([name, value]) => `<${name}>${typeof value === 'string' ? cdata(value) : value.toString()}</${name}>`,
    )
    .join('');
  return `<xml>${inner}</xml>`;
}

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
});

export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

/** The children of the `<xml>` root, values as text; undefined when the text is not well-formed XML with that root. */
export function parseXml(text: string): Record<string, XmlNode | XmlNode[]> | undefined {
  if (!text.trim().startsWith('<') || XMLValidator.validate(text) !== true) return undefined;
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = doc.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  return root as Record<string, XmlNode | XmlNode[]>;
}

/** A leaf's text, or undefined when the field is absent or not a single text value. */
export function textOf(root: Record<string, XmlNode | XmlNode[]>, name: string): string | undefined {
  const value = root[name];
  return typeof value === 'string' ? value : undefined;
}
