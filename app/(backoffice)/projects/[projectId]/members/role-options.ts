/** Role checkboxes: system roles first, with what they mean. */
export function roleOptions(roles: { id: string; name: string; systemKey: string | null }[]) {
  return roles.map((r) => ({
    value: r.id,
    label: r.name,
    hint:
      r.systemKey === "project_admin"
        ? "Everything, including secrets, members, roles and tokens."
        : r.systemKey === "project_member"
          ? "Browses the project; sees no values."
          : "Custom role",
  }));
}
