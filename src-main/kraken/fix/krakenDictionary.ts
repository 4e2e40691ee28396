import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * jspurefix's FIX 4.4 dictionary, adapted for Kraken:
 *  - every decimal field (PRICE, QTY, AMT, ...) typed STRING, so prices and quantities go on the
 *    wire exactly as the app's decimal strings (the stock types format JS numbers: 0.1+0.2 would
 *    go out as 38=0.30000000000000004);
 *  - timestamps typed STRING, so stored messages replay byte-identical after a restart;
 *  - Kraken's custom tags: 5025 Nonce and 8674 CancelOrdersOnDisconnect on Logon, 1138
 *    DisplayQty and 7928 SelfTradePrevention on orders, 5041 book checksum.
 */
const CUSTOM_FIELDS = `
  <field number='1138' name='DisplayQty' type='STRING' />
  <field number='5025' name='Nonce' type='STRING' />
  <field number='5041' name='ChecksumOrderBook' type='STRING' />
  <field number='7928' name='SelfTradePrevention' type='STRING' />
  <field number='8674' name='CancelOrdersOnDisconnect' type='STRING' />
`

export function krakenFix44Xml(base: string): string {
  let xml = base
    .replace(/type='(PRICE|QTY|AMT|PRICEOFFSET|FLOAT|PERCENTAGE)'/g, "type='STRING'")
    .replace(/(number='(60|126)' name='\w+') type='UTCTIMESTAMP'/g, "$1 type='STRING'")
  const fieldsEnd = xml.lastIndexOf('</fields>')
  if (fieldsEnd < 0) throw new Error('FIX44.xml: no </fields> section')
  xml = xml.slice(0, fieldsEnd) + CUSTOM_FIELDS + xml.slice(fieldsEnd)
  const addTo = (msgtype: string, fields: string[]): void => {
    const start = xml.indexOf(`msgtype='${msgtype}'>`)
    if (start < 0) throw new Error(`FIX44.xml: no message ${msgtype}`)
    const end = xml.indexOf('</message>', start)
    xml =
      xml.slice(0, end) +
      fields.map((f) => `   <field name='${f}' required='N' />\n`).join('') +
      '  ' +
      xml.slice(end)
  }
  addTo('A', ['Nonce', 'CancelOrdersOnDisconnect'])
  addTo('D', ['DisplayQty', 'SelfTradePrevention'])
  addTo('G', ['DisplayQty'])
  return xml
}

/** Write the adapted dictionary once per jspurefix version into `cacheDir`; returns its path. */
export function krakenDictionaryPath(cacheDir: string): string {
  const base = readFileSync(
    join(dirname(require.resolve('jspurefix/package.json')), 'data', 'FIX44.xml'),
    'utf8',
  )
  const xml = krakenFix44Xml(base)
  const hash = createHash('sha256').update(xml).digest('hex').slice(0, 12)
  const file = join(cacheDir, `KRAKEN-FIX44-${hash}.xml`)
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true })
    writeFileSync(file, xml)
  }
  return file
}
