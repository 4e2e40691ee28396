/** "Kraken live (desk 2)" -> "kraken-live-desk-2": the profile's id, readable in folders and logs. */
export function profileId(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'profile'
  )
}
