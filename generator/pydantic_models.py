"""generated/models.py: pydantic v2 models, written by datamodel-code-generator.

The tool and its formatters (black, isort) are pinned to exact versions in
pyproject.toml; their options are fixed here so that the same spec always gives
the same bytes.
"""

from __future__ import annotations

import json
import warnings

from generator.config import GeneratorConfig
from generator.model import Api
from generator.schemas import models_document


def render_models(api: Api, config: GeneratorConfig, header: str) -> str:
    # Imported here: it takes ~0.5 s, and `--help` or a spec error should not pay for it.
    from datamodel_code_generator import (
        DataModelType,
        InputFileType,
        PythonVersion,
        generate,
    )
    from datamodel_code_generator.format import Formatter

    document = models_document(api)
    with warnings.catch_warnings():
        # "Black/isort will become optional": we pin and install both on purpose.
        warnings.simplefilter("ignore", FutureWarning)
        code = generate(
            json.dumps(document),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion(config.target_python_version),
            custom_file_header=header,
            disable_timestamp=True,
            skip_root_model=True,
            strict_types=list(config.strict_types),
            field_constraints=True,
            use_annotated=True,
            use_schema_description=True,
            use_field_description=True,
            use_standard_collections=True,
            use_union_operator=True,
            keep_model_order=True,
            base_class="adspixel._model_base.GraphModel",
            field_extra_keys={"x-nullable", "x-secret"},
            formatters=[Formatter.BLACK, Formatter.ISORT],
        )
    if not isinstance(code, str):  # pragma: no cover - one module in, one module out
        raise TypeError("datamodel-code-generator returned several modules")
    return code if code.endswith("\n") else code + "\n"
