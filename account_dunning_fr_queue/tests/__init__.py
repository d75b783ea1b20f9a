from . import test_account_dunning_print_batch
from . import test_account_dunning_run
