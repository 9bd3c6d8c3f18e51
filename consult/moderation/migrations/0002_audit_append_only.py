"""The database itself refuses to change or remove an audit entry (PostgreSQL; on SQLite
the model and its queryset refuse, since Django's test flush deletes rows one by one)."""

from django.db import migrations

REFUSE = """
CREATE FUNCTION moderation_audit_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'moderation_auditentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_audit_append_only
    BEFORE UPDATE OR DELETE ON moderation_auditentry
    FOR EACH ROW EXECUTE FUNCTION moderation_audit_refuse();
"""
ALLOW = """
DROP TRIGGER IF EXISTS moderation_audit_append_only ON moderation_auditentry;
DROP FUNCTION IF EXISTS moderation_audit_refuse();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(REFUSE), _on_postgresql(ALLOW))]
