/** " + exits 'Scalp'": what an order sent with an exit template says it takes (button, ladder header). */
export function exitsLabel(template: { name: string } | undefined): string {
  return template ? ` + exits '${template.name}'` : ''
}
