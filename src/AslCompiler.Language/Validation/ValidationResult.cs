using System.Collections.Generic;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>The verdict of a validation: whether the definition could be created.</summary>
public enum ValidationResultCode
{
    /// <summary><c>OK</c>: no error (warnings may be present).</summary>
    Ok,

    /// <summary><c>FAIL</c>: at least one error blocks creating or updating the state machine.</summary>
    Fail,
}

/// <summary>The response of ValidateStateMachineDefinition: the verdict, the diagnostics and whether they were cut short.</summary>
public sealed class ValidationResult
{
    internal ValidationResult(ValidationResultCode result, IReadOnlyList<AslDiagnostic> diagnostics, bool truncated)
    {
        Result = result;
        Diagnostics = diagnostics;
        Truncated = truncated;
    }

    /// <summary><c>result</c>: OK or FAIL. FAIL exactly when some error was found, even if it was truncated away.</summary>
    public ValidationResultCode Result { get; }

    /// <summary><c>diagnostics</c>: at most <see cref="ValidationOptions.MaxResults"/>, errors first, each in source order.</summary>
    public IReadOnlyList<AslDiagnostic> Diagnostics { get; }

    /// <summary><c>truncated</c>: more diagnostics were found than returned.</summary>
    public bool Truncated { get; }

    /// <summary>Whether <see cref="Result"/> is OK.</summary>
    public bool IsOk => Result == ValidationResultCode.Ok;

    /// <summary>The AWS spelling of a result: <c>OK</c> or <c>FAIL</c>.</summary>
    public static string ToAwsString(ValidationResultCode result) => result == ValidationResultCode.Ok ? "OK" : "FAIL";

    /// <summary>The AWS spelling of a severity: <c>ERROR</c> or <c>WARNING</c>.</summary>
    public static string ToAwsString(AslDiagnosticSeverity severity) => severity == AslDiagnosticSeverity.Error ? "ERROR" : "WARNING";
}
