using System.Globalization;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Model;

/// <summary>How serious a diagnostic is, as ValidateStateMachineDefinition grades it.</summary>
public enum AslDiagnosticSeverity
{
    /// <summary>The definition cannot be created or updated.</summary>
    Error,

    /// <summary>A likely mistake that does not block creation.</summary>
    Warning,
}

/// <summary>The diagnostic codes AWS Step Functions uses, plus the few of our own (documented as such).</summary>
public static class AslDiagnosticCodes
{
    /// <summary>The definition is not valid JSON (AWS: <c>INVALID_JSON_DESCRIPTION</c>).</summary>
    public const string InvalidJsonDescription = "INVALID_JSON_DESCRIPTION";

    /// <summary>The definition is null or empty (AWS: <c>MISSING_DESCRIPTION</c>).</summary>
    public const string MissingDescription = "MISSING_DESCRIPTION";

    /// <summary>The definition fails schema validation (AWS: <c>SCHEMA_VALIDATION_FAILED</c>).</summary>
    public const string SchemaValidationFailed = "SCHEMA_VALIDATION_FAILED";

    /// <summary>
    /// Ours, not AWS's: Branches, ItemProcessors or Choice rules nest deeper than the model builder
    /// follows (only reachable with a JSON tree read with a raised depth limit).
    /// </summary>
    public const string NestingTooDeep = "NESTING_TOO_DEEP";
}

/// <summary>
/// A problem found in a state machine definition: an AWS-style code, message, severity and
/// location (a JSON Pointer such as <c>/States/FailState/ErrorPath</c>), plus the exact source span.
/// </summary>
public sealed class AslDiagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    /// <param name="code">The code, e.g. <see cref="AslDiagnosticCodes.SchemaValidationFailed"/>.</param>
    /// <param name="message">A sentence for people, without the position.</param>
    /// <param name="severity">Error or warning.</param>
    /// <param name="location">The JSON Pointer of the offending value, or <see langword="null"/> when the problem concerns no particular value.</param>
    /// <param name="span">Where in the source text.</param>
    public AslDiagnostic(string code, string message, AslDiagnosticSeverity severity, string? location, SourceSpan span)
    {
        Code = code ?? throw new System.ArgumentNullException(nameof(code));
        Message = message ?? throw new System.ArgumentNullException(nameof(message));
        Severity = severity;
        Location = location;
        Span = span;
    }

    /// <summary>The code, e.g. <c>SCHEMA_VALIDATION_FAILED</c>.</summary>
    public string Code { get; }

    /// <summary>A sentence for people, without the position.</summary>
    public string Message { get; }

    /// <summary>Error or warning.</summary>
    public AslDiagnosticSeverity Severity { get; }

    /// <summary>The JSON Pointer of the offending value (<c>/States/X/ResultPath</c>), or <see langword="null"/>.</summary>
    public string? Location { get; }

    /// <summary>Where in the source text.</summary>
    public SourceSpan Span { get; }

    /// <summary>Formats as <c>(line,column): CODE: message</c>, one-based.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "({0},{1}): {2}: {3}", Span.StartLine + 1, Span.StartColumn + 1, Code, Message);
}
