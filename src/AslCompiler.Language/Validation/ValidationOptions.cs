using System;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>The type of a state machine, which decides some rules (EXPRESS forbids <c>.sync</c>, callbacks and activities).</summary>
public enum StateMachineType
{
    /// <summary><c>STANDARD</c>: durable, exactly-once workflows (the default).</summary>
    Standard,

    /// <summary><c>EXPRESS</c>: short, high-volume workflows.</summary>
    Express,
}

/// <summary>The request parameters of ValidateStateMachineDefinition besides the definition itself.</summary>
public sealed class ValidationOptions
{
    /// <summary>The largest <see cref="MaxResults"/> AWS accepts (and what 0 means).</summary>
    public const int MaxResultsLimit = 100;

    /// <summary>STANDARD with errors only and up to 100 results: what AWS does when the request says nothing.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary><c>type</c>: STANDARD (default) or EXPRESS.</summary>
    public StateMachineType Type { get; init; } = StateMachineType.Standard;

    /// <summary>
    /// <c>severity</c>: the lowest severity returned. <see cref="AslDiagnosticSeverity.Error"/> (default) returns only
    /// errors, <see cref="AslDiagnosticSeverity.Warning"/> returns errors and warnings.
    /// </summary>
    public AslDiagnosticSeverity Severity { get; init; } = AslDiagnosticSeverity.Error;

    /// <summary><c>maxResults</c>: 0 to 100; 0 means 100.</summary>
    public int MaxResults { get; init; }

    /// <summary>
    /// Whether errors that follow from another error (<see cref="AslDiagnostic.IsFollowOnError"/>: the unreachable
    /// states of a graph where a transition names a missing state) are left out, before <see cref="MaxResults"/> is
    /// applied. False (the default) answers as ValidateStateMachineDefinition does; <c>asl validate --format text</c>
    /// and <c>sarif</c> set it, so their output lists what the build lists.
    /// </summary>
    public bool LeaveOutFollowOnErrors { get; init; }

    /// <summary>The number of diagnostics returned at most: <see cref="MaxResults"/>, with 0 read as 100.</summary>
    internal int EffectiveMaxResults
    {
        get
        {
            if (MaxResults < 0 || MaxResults > MaxResultsLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxResults), MaxResults, "MaxResults must be between 0 and 100.");
            }

            return MaxResults == 0 ? MaxResultsLimit : MaxResults;
        }
    }
}
