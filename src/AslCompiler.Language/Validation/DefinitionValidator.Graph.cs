using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>The root, each StateGraph (definition, branch, item processor) and the transitions between states.</summary>
internal sealed partial class DefinitionValidator
{
    private const int MaxStateNameLength = 80;

    private void ValidateRoot()
    {
        var root = _definition.Syntax;
        ReportUnknownFields(_definition);
        ExpectString(root, "Comment");
        ExpectString(root, "Version");
        ExpectEnum(root, "QueryLanguage", "JSONPath", "JSONata");
        ExpectInteger(root, "TimeoutSeconds", 1, 99999999, jsonata: false);
    }

    private void ValidateGraph(StateGraph graph, int depth)
    {
        var syntax = graph.Syntax;
        if (graph is not StateMachineDefinition)
        {
            ReportUnknownFields(graph);
            ExpectString(syntax, "Comment");
        }

        // AWS lists missing required fields States first.
        RequireFields(syntax, "States", "StartAt");
        var startAt = ExpectString(syntax, "StartAt");
        if (syntax.TryGetProperty("States", out var statesProperty) && statesProperty.Value is not JsonObjectSyntax)
        {
            Schema(statesProperty, "The field 'States' must be an object, not " + Describe(statesProperty.Value));
        }

        foreach (var member in graph.NonObjectStates)
        {
            Schema(member, string.Format(CultureInfo.InvariantCulture, "State '{0}' must be an object, not {1}", member.Name, Describe(member.Value)));
        }

        if (graph.StatesSyntax is { } states && states.Count == 0)
        {
            Schema(statesProperty!, "Value cannot be empty");
        }

        if (startAt is not null && graph.StatesSyntax is not null && graph.GetState(startAt.Value) is null && !IsNonObjectState(graph, startAt.Value))
        {
            Error(
                AslDiagnosticCodes.MissingTransitionTarget,
                string.Format(CultureInfo.InvariantCulture, "Missing 'StartAt' target: {0}", startAt.Value),
                startAt,
                startAt.Span);
        }

        foreach (var state in graph.States)
        {
            ValidateState(graph, state, depth);
        }

        ValidateTransitions(graph);
    }

    private void ValidateTransitions(StateGraph graph)
    {
        if (graph.States.Count == 0)
        {
            return;
        }

        // A state that is not an object, or whose End is not a boolean, has its own error; what it would have been (a
        // target, a terminal state) is not reported again as a missing target or a missing end.
        var hasTerminal = graph.NonObjectStates.Count > 0;
        var hasMissingTarget = false;
        foreach (var state in graph.States)
        {
            hasTerminal |= state.IsTerminal || HasMistypedEnd(state.Syntax);
            foreach (var (targetNode, target) in state.Transitions())
            {
                if (graph.GetState(target) is null && !IsNonObjectState(graph, target))
                {
                    hasMissingTarget = true;
                    Error(
                        AslDiagnosticCodes.MissingTransitionTarget,
                        string.Format(CultureInfo.InvariantCulture, "Missing '{0}' target: {1}", targetNode.PropertyName ?? "Next", target),
                        targetNode,
                        targetNode.Span);
                }
            }
        }

        if (!hasTerminal)
        {
            var location = graph is StateMachineDefinition ? null : _definition.LocationOf(graph.Syntax);
            var span = graph.StatesSyntax is { } states ? HeadSpan(states) : HeadSpan(graph.Syntax);
            _diagnostics.Add(new AslDiagnostic(
                AslDiagnosticCodes.MissingEndState, "Workflow has no terminal state", AslDiagnosticSeverity.Error, location, span));
        }

        // Reachability, from StartAt through Next, Default, Choices[].Next and Catch[].Next.
        var start = graph.StartState;
        if (start is null)
        {
            return;
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { start.Name };
        var work = new Stack<State>();
        work.Push(start);
        while (work.Count > 0)
        {
            foreach (var (_, target) in work.Pop().Transitions())
            {
                if (reached.Add(target) && graph.GetState(target) is { } next)
                {
                    work.Push(next);
                }
            }
        }

        // A transition to a missing state usually is a misspelt name, and every state after it is then unreachable:
        // those errors follow from the missing target, and the build leaves them out (AWS lists them all).
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in graph.States)
        {
            if (!reached.Contains(state.Name) && reported.Add(state.Name))
            {
                _diagnostics.Add(new AslDiagnostic(
                    AslDiagnosticCodes.MissingTransitionTarget,
                    string.Format(CultureInfo.InvariantCulture, "State \"{0}\" is not reachable.", state.Name),
                    AslDiagnosticSeverity.Error,
                    _definition.LocationOf(state.Syntax),
                    state.NameSpan) { IsFollowOnError = hasMissingTarget });
            }
        }
    }

    private static bool IsNonObjectState(StateGraph graph, string name)
    {
        foreach (var member in graph.NonObjectStates)
        {
            if (string.Equals(member.Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<Retrier> RetriersOf(State state) => state switch
    {
        TaskState task => task.Retry ?? Array.Empty<Retrier>(),
        ParallelState parallel => parallel.Retry ?? Array.Empty<Retrier>(),
        MapState map => map.Retry ?? Array.Empty<Retrier>(),
        _ => Array.Empty<Retrier>(),
    };

    /// <summary>State names are unique in the whole definition (branches and processors included), 1 to 80 characters.</summary>
    private void ValidateStateNames()
    {
        var seen = new Dictionary<string, State>(StringComparer.Ordinal);
        foreach (var state in _definition.AllStates())
        {
            var name = state.Name;
            if (name.Length == 0 || name.Length > MaxStateNameLength)
            {
                Error(
                    AslDiagnosticCodes.InvalidStateName,
                    name.Length == 0
                        ? "State name cannot be empty"
                        : string.Format(CultureInfo.InvariantCulture, "State name '{0}' is longer than {1} characters", Shorten(name), MaxStateNameLength),
                    state.Syntax,
                    state.NameSpan);
            }
            else if (HasControlCharacter(name))
            {
                Error(
                    AslDiagnosticCodes.InvalidStateName,
                    "State name contains a control character",
                    state.Syntax,
                    state.NameSpan);
            }

            if (seen.ContainsKey(name))
            {
                // A repeated key in the same States object is already reported by the JSON reader's duplicate check.
                if (!ReferenceEquals(seen[name].Member.Value.Parent, state.Member.Value.Parent))
                {
                    Error(
                        AslDiagnosticCodes.DuplicateStateName,
                        string.Format(CultureInfo.InvariantCulture, "Duplicate State name: {0}", name),
                        state.Syntax,
                        state.NameSpan);
                }
            }
            else
            {
                seen.Add(name, state);
            }
        }
    }

    private static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Remove(40) + "...";
}
