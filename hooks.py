def post_init_hook(env):
    """Companies that existed before the install get the reference ladders too; the main
    company already has them from the data file."""
    env["res.company"].search([])._dunning_install_default_profiles()
