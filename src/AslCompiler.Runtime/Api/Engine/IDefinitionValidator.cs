using System.Collections.Generic;
using System.Linq;
using AslCompiler.Language.Model;
using AslCompiler.Language.Validation;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>Turns a definition into ValidateStateMachineDefinition diagnostics (errors and warnings, untruncated).</summary>
internal interface IDefinitionValidator
{
    IReadOnlyList<ValidateStateMachineDefinitionDiagnostic> Validate(string definition, StateMachineType type);
}

/// <summary>The language core's validator (<see cref="AslValidator"/>): the same rules as the analyzer and <c>asl validate</c>.</summary>
internal sealed class AslDefinitionValidator : IDefinitionValidator
{
    public static AslDefinitionValidator Instance { get; } = new();

    public IReadOnlyList<ValidateStateMachineDefinitionDiagnostic> Validate(string definition, StateMachineType type)
    {
        var kind = type == StateMachineType.Express ? Language.Validation.StateMachineType.Express : Language.Validation.StateMachineType.Standard;
        return AslValidator.Analyze(definition, kind)
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
