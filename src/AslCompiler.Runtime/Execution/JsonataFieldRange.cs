using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The range of a JSONata field whose value is a number (TimeoutSeconds, HeartbeatSeconds, a Wait's Seconds,
/// MaxConcurrency, ToleratedFailureCount, ToleratedFailurePercentage). AWS: a value out of range "will fail in the
/// TimeoutSeconds field" with <c>States.QueryEvaluationError</c>, which a Catch or Retry can handle; the kernel's own
/// checks (the JSONPath <c>...Path</c> forms) fail with <c>States.Runtime</c>. One check for the interpreter's and the
/// generated code's fields, with the kernel's words.
/// </summary>
internal static class JsonataFieldRange
{
    /// <summary>What is wrong with <paramref name="value"/> for the field <paramref name="name"/>, or null (also for a field of no range).</summary>
    public static string? Problem(string name, JsonValue value) => name switch
    {
        "TimeoutSeconds" or "HeartbeatSeconds" => ExecutionRun.PositiveSecondsProblem(name, value, out _),
        "Seconds" => ExecutionRun.WaitSecondsProblem(value),
        "MaxConcurrency" => ExecutionRun.MaxConcurrencyProblem(null, value, out _),
        "ToleratedFailureCount" => ExecutionRun.ToleratedFailureCountProblem(null, value, out _),
        "ToleratedFailurePercentage" => ExecutionRun.ToleratedFailurePercentageProblem(null, value, out _),
        _ => null,
    };
}
