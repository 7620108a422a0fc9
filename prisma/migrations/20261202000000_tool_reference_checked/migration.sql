-- Whether the person who last saved a tool setting naming a secret was allowed to point the tool at it: a Project
-- Administrator, or someone who could read the secret then. False when the name had no secret yet and the saver is
-- not an administrator: such a reference resolves only while its saver can read the secret (lib/tools/resolve.ts).
-- Whoever edits a tool's settings decides where it sends what it resolves; they must not point it at a secret
-- created later that they cannot read themselves.
ALTER TABLE "ToolSetting" ADD COLUMN "referenceChecked" BOOLEAN NOT NULL DEFAULT true;

-- References saved before this check existed by someone who is not a Project Administrator of the project now are
-- checked again at resolution, by the same rule.
UPDATE "ToolSetting" t SET "referenceChecked" = false
WHERE t."secretName" IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM "ProjectMember" m
    JOIN "ProjectMemberRole" mr ON mr."memberId" = m."id"
    JOIN "Role" r ON r."id" = mr."roleId"
    WHERE m."projectId" = t."projectId" AND m."userId" = t."updatedById" AND r."systemKey" = 'project_admin'
  );
