using System.Collections.Generic;
using System.Runtime.CompilerServices;
using AslCompiler.Language.Validation;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// The <c>variableReferences</c> of DescribeStateMachine and DescribeStateMachineForExecution: the variables each state
/// reads (<see cref="AslValidator.VariableReferences"/>), worked out once per stored definition text.
/// </summary>
internal static class VariableReferenceCache
{
    // Keyed by the definition string a stored state machine or version holds (the same instance on every describe).
    private static readonly ConditionalWeakTable<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Cache = new();

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(string definition) =>
        Cache.GetValue(definition, static text => AslValidator.VariableReferences(text));
}
