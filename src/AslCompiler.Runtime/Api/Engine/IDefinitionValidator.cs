using System.Collections.Generic;
using System.Linq;
using AslCompiler.Language.Model;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>Turns a definition into ValidateStateMachineDefinition diagnostics. The validator (issue 3) plugs in here.</summary>
internal interface IDefinitionValidator
{
    IReadOnlyList<ValidateStateMachineDefinitionDiagnostic> Validate(string definition, StateMachineType type);
}

/// <summary>
/// Until the full validator lands: the diagnostics of the model reader (JSON syntax, required fields, field
/// types the model needs). It catches fewer problems than AWS does.
/// </summary>
internal sealed class ModelReaderDefinitionValidator : IDefinitionValidator
{
    public static ModelReaderDefinitionValidator Instance { get; } = new();

    public IReadOnlyList<ValidateStateMachineDefinitionDiagnostic> Validate(string definition, StateMachineType type)
    {
        var result = AslDefinitionReader.Read(definition);
        return result.Diagnostics
            .Select(d => new ValidateStateMachineDefinitionDiagnostic
            {
                Code = d.Code,
                Message = d.Message,
                Severity = d.Severity == AslDiagnosticSeverity.Error ? ValidateStateMachineDefinitionSeverity.Error : ValidateStateMachineDefinitionSeverity.Warning,
                Location = d.Location,
            })
            .ToList();
    }
}
