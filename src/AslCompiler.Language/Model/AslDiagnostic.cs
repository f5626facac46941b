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

    /// <summary>A Task state's <c>Resource</c> is not a valid ARN (AWS: <c>INVALID_RESOURCE</c>).</summary>
    public const string InvalidResource = "INVALID_RESOURCE";

    /// <summary>A workflow (or branch, or item processor) has no terminal state (AWS: <c>MISSING_END_STATE</c>).</summary>
    public const string MissingEndState = "MISSING_END_STATE";

    /// <summary>A state name is used more than once in the definition (AWS: <c>DUPLICATE_STATE_NAME</c>).</summary>
    public const string DuplicateStateName = "DUPLICATE_STATE_NAME";

    /// <summary>A state name breaks the naming rules (AWS: <c>INVALID_STATE_NAME</c>).</summary>
    public const string InvalidStateName = "INVALID_STATE_NAME";

    /// <summary>A Map state <c>Label</c> is used more than once (AWS: <c>DUPLICATE_LABEL_NAME</c>).</summary>
    public const string DuplicateLabelName = "DUPLICATE_LABEL_NAME";

    /// <summary>A Map state <c>Label</c> breaks the naming rules (AWS: <c>INVALID_LABEL_NAME</c>).</summary>
    public const string InvalidLabelName = "INVALID_LABEL_NAME";

    /// <summary>A transition names no state of its scope, or a state is unreachable (AWS: <c>MISSING_TRANSITION_TARGET</c>).</summary>
    public const string MissingTransitionTarget = "MISSING_TRANSITION_TARGET";

    /// <summary>Parallel branches and Map processors nest too deeply (AWS: <c>TOO_DEEPLY_NESTED</c>).</summary>
    public const string TooDeeplyNested = "TOO_DEEPLY_NESTED";

    /// <summary>Warning: a value looks like a path or intrinsic but its key does not end in <c>.$</c> (AWS: <c>NO_DOLLAR</c>).</summary>
    public const string NoDollar = "NO_DOLLAR";

    /// <summary>Warning: a value looks like a path but the field is not a <c>...Path</c> field (AWS: <c>NO_PATH</c>).</summary>
    public const string NoPath = "NO_PATH";

    /// <summary>Warning: a path inside a Pass state's static <c>Result</c> (AWS: <c>PASS_RESULT_IS_STATIC</c>).</summary>
    public const string PassResultIsStatic = "PASS_RESULT_IS_STATIC";

    /// <summary>Ours, not AWS's (warning): a variable is read but no <c>Assign</c> in the definition sets it.</summary>
    public const string UnassignedVariable = "UNASSIGNED_VARIABLE";

    /// <summary>
    /// Ours, not AWS's (warning): a JSONata expression calls a function that is not a built-in of Step Functions' JSONata
    /// and that it does not define (a variable holds JSON, never a function), so the call fails when it runs.
    /// </summary>
    public const string UnknownFunction = "UNKNOWN_FUNCTION";

    /// <summary>
    /// Ours, not AWS's: Branches, ItemProcessors or Choice rules nest deeper than the model builder
    /// follows (only reachable with a JSON tree read with a raised depth limit).
    /// </summary>
    public const string NestingTooDeep = "NESTING_TOO_DEEP";

    /// <summary>
    /// The code of a repeated member at <paramref name="pointer"/> (its JSON Pointer): a repeated key of a States object
    /// is a repeated state name (<see cref="DuplicateStateName"/>); any other is a JSON error, as AWS's strict parser
    /// reports it (<see cref="InvalidJsonDescription"/>).
    /// </summary>
    /// <param name="pointer">The JSON Pointer of the repeated member.</param>
    /// <returns>The code.</returns>
    public static string OfDuplicateKey(string pointer)
    {
        if (pointer is null)
        {
            throw new System.ArgumentNullException(nameof(pointer));
        }

        var slash = pointer.LastIndexOf('/');
        var parent = slash > 0 ? pointer.Substring(0, slash) : string.Empty;
        var inStates = parent.EndsWith("/States", System.StringComparison.Ordinal) || pointer.EndsWith("/States", System.StringComparison.Ordinal);
        return inStates ? DuplicateStateName : InvalidJsonDescription;
    }
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

    /// <summary>
    /// What exactly is wrong, when <see cref="Message"/> (AWS's words, which the API answers with) does not say: for
    /// people reading build output or <c>asl validate --format text</c>; null when the message says it all.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>
    /// True for an error that follows from another error of the same definition: a state that is not reachable in a
    /// graph (the top-level <c>States</c>, a Parallel branch or a Map processor) where a transition names a state that
    /// does not exist, so one misspelt <c>Next</c> does not also report every state after it. The API answers with these
    /// errors, as AWS does; the analyzer (the build and the IDE) and <c>asl validate --format text</c> and <c>sarif</c>
    /// leave them out (<see cref="Validation.ValidationOptions.LeaveOutFollowOnErrors"/>).
    /// </summary>
    public bool IsFollowOnError { get; init; }

    /// <summary><see cref="Message"/>, then <see cref="Detail"/> when there is one (<c>message: detail</c>).</summary>
    public string MessageWithDetail => Detail is null ? Message : Message + ": " + Detail;

    /// <summary>Formats as <c>(line,column): CODE: message[: detail]</c>, one-based.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "({0},{1}): {2}: {3}", Span.StartLine + 1, Span.StartColumn + 1, Code, MessageWithDetail);
}
