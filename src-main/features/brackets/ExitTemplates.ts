import { templateProblems, type ExitTemplate } from '../../core/brackets/exitTemplate'

const KEY = 'brackets.templates'

export interface ExitTemplatesDeps {
  settings?: { get<T>(key: string): T | undefined; set(key: string, value: unknown): void }
  /** refuse in words (said on the notices board and thrown to the caller) */
  refuse: (text: string) => never
  publish: () => void
}

/**
 * The trader's named exit templates, kept in the settings table between launches (they are
 * preferences, not order state: a live bracket keeps its own copy in the bracket journal).
 */
export class ExitTemplates {
  private readonly list: ExitTemplate[]
  private seq = 0

  constructor(private readonly d: ExitTemplatesDeps) {
    this.list = d.settings?.get<ExitTemplate[]>(KEY) ?? []
  }

  all(): readonly ExitTemplate[] {
    return this.list
  }

  get(id: string): ExitTemplate | undefined {
    return this.list.find((t) => t.id === id)
  }

  /** Save a template (a new one when it has no id, else replaces that one): refused in words if invalid. */
  save(t: Omit<ExitTemplate, 'id'> & { id?: string | undefined }): ExitTemplate {
    const id = t.id ?? this.newId()
    const saved: ExitTemplate = { ...t, id }
    const problems = templateProblems(saved)
    if (problems.length) this.d.refuse(`Exit template not saved: ${problems.join('; ')}`)
    const other = this.list.find((x) => x.id !== id && x.name.trim() === saved.name.trim())
    if (other) this.d.refuse(`An exit template named "${saved.name}" exists already`)
    const i = this.list.findIndex((x) => x.id === id)
    if (i >= 0) this.list[i] = saved
    else this.list.push(saved)
    this.persist()
    return saved
  }

  delete(id: string): void {
    const i = this.list.findIndex((x) => x.id === id)
    if (i < 0) this.d.refuse(`No exit template ${id}`)
    this.list.splice(i, 1)
    this.persist()
  }

  private newId(): string {
    let id: string
    do id = `t${Date.now().toString(36)}${(this.seq++).toString(36)}`
    while (this.get(id))
    return id
  }

  private persist(): void {
    this.d.settings?.set(KEY, this.list)
    this.d.publish()
  }
}
