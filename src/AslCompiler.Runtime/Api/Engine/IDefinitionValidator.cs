using System.Collections.Generic;
using System.Linq;
using AslCompiler.Language.Model;
using AslCompiler.Language.Validation;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>Turns a definition into ValidateStateMachineDefinition diagnostics (errors and warnings, untruncated).</summary>
internal interface IDefinitionValidator
{
    IReadOnlyList<ValidateStateMachineDefinitionDiagnostic> Validate(string definition, StateMachineType type);

    /// <summary>
    /// Refuses a definition the validator finds errors in, as CreateStateMachine does: an <see cref="InvalidDefinitionException"/>
    /// listing them (<c>Invalid State Machine Definition: 'CODE: message at location, ...'</c>).
    /// </summary>
    void ThrowIfInvalid(string definition, StateMachineType type)
    {
        var errors = Validate(definition, type).Where(d => d.Severity == ValidateStateMachineDefinitionSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var details = string.Join(", ", errors.Select(d => d.Code + ": " + d.Message + " at " + (d.Location ?? "null")));
            throw new InvalidDefinitionException("Invalid State Machine Definition: '" + details + "'");
        }
    }
}

/// <summary>The language core's validator (<see cref="AslValidator"/>): the same rules as the analyzer and <c>asl validate</c>.</summary>
internal sealed class AslDefinitionValidator : IDefinitionValidator
{
    public static IDefinitionValidator Instance { get; } = new AslDefinitionValidator();

    public IReadOnlyList<ValidateStateMachineDefinitionDiagnostic> Validate(string definition, StateMachineType type)
    {
        var kind = type == StateMachineType.Express ? Language.Validation.StateMachineType.Express : Language.Validation.StateMachineType.Standard;
        return AslValidator.AnalyzeAsReported(definition, kind)
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
