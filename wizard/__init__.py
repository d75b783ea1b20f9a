from . import account_dunning_block_wizard
