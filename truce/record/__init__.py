"""The record's use cases: the one place the flow is written. The command line (and the web application)
parse their input, make one call here, and render what comes back; the cores compute; the store stores.

    setup        init (schema and pack), open_store (ready to read; the default made on first use)
    ingest       documents in: extract, store once, link and locate, in one transaction
    observe      an observer's record of what a post, patrol or UAV saw
    documents    list, show and retract documents
    decisions    reconcile, link and unlink
    incidents    find incidents, compare the claims behind one, summarise the record
    bulletin     the bulletin of a day
    geography    areas, locating, coverage, findings, maps, GeoJSON
    exports      ACLED, UCDP, GeoPackage, GeoJSON and CSV files for researchers
    trends       violations by period, zone, party or means; change points; early warning; charts
    audit        verifying the record against its audit log
    publish      keys, checkpoints, bulletins drafted, signed and published, and their bundles
    linking      the step every write ends with: link, then locate what changed
"""
