{
    "name": "French Dunning: background work on queue_job",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "summary": "Render and send dunning letters as queue_job jobs on the channel root.dunning",
    "author": "account_dunning_fr contributors",
    "license": "LGPL-3",
    "depends": ["account_dunning_fr", "queue_job"],
    "data": ["data/queue_job_data.xml"],
    "auto_install": True,
}
