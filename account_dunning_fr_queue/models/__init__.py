from . import account_dunning_print_batch
from . import account_dunning_run
