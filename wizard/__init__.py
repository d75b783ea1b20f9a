from . import account_dunning_block_wizard
from . import account_dunning_send_wizard
