"""The rule registry: one line per rule, in code order."""

from codemods.rules.base import Rule
from codemods.rules.gf001_apply_gradients_not_zipped import ApplyGradientsNotZipped
from codemods.rules.gf002_forward_pass_outside_tape import ForwardPassOutsideTape
from codemods.rules.gf003_clipped_gradients_unused import ClippedGradientsUnused
from codemods.rules.gf004_gradient_variable_misordered import GradientVariableMisordered
from codemods.rules.gf005_gradient_sources_not_variables import (
    GradientSourcesNotVariables,
)
from codemods.rules.gf006_variable_recreated import VariableRecreated
from codemods.rules.gf007_update_bypasses_optimizer import UpdateBypassesOptimizer
from codemods.rules.gf008_tf_gradients_in_eager import TfGradientsInEager
from codemods.rules.gf009_gradients_never_applied import GradientsNeverApplied
from codemods.rules.gf010_gradient_inside_tape_context import GradientInsideTapeContext
from codemods.rules.gf011_non_persistent_tape_reused import NonPersistentTapeReused
from codemods.rules.gf012_optimizer_created_per_step import OptimizerCreatedPerStep
from codemods.rules.gf013_numpy_inside_tape import NumpyInsideTape
from codemods.rules.gf014_unwatched_tensor_source import UnwatchedTensorSource
from codemods.rules.gf015_minimize_without_callable import MinimizeWithoutCallable
from codemods.rules.gf016_optimizer_shared_across_variable_sets import (
    OptimizerSharedAcrossVariableSets,
)
from codemods.rules.gf017_loss_through_non_differentiable_op import LossThroughNonDifferentiableOp
from codemods.rules.gf018_gradient_pairs_used_up import GradientPairsUsedUp

RULES: list[Rule] = [
    ApplyGradientsNotZipped(),
    ForwardPassOutsideTape(),
    ClippedGradientsUnused(),
    GradientVariableMisordered(),
    GradientSourcesNotVariables(),
    VariableRecreated(),
    UpdateBypassesOptimizer(),
    TfGradientsInEager(),
    GradientsNeverApplied(),
    GradientInsideTapeContext(),
    NonPersistentTapeReused(),
    OptimizerCreatedPerStep(),
    NumpyInsideTape(),
    UnwatchedTensorSource(),
    MinimizeWithoutCallable(),
    OptimizerSharedAcrossVariableSets(),
    LossThroughNonDifferentiableOp(),
    GradientPairsUsedUp(),
]

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

__all__ = ["RULES", "RULES_BY_CODE", "Rule"]
