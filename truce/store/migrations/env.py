"""Alembic environment: Truce runs migrations in-process on a connection it opened (see truce.store.db)."""

from alembic import context

from truce.store.schema import Base
from truce.store.spatial import include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - Truce always passes its connection
    raise RuntimeError("run migrations through `truce init`, which passes the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
    include_object=include_object,  # the PostGIS columns of 0009 are SQL's, not the models'
)
with context.begin_transaction():
    context.run_migrations()
