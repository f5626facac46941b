using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Model;

namespace AslCompiler.Generator;

/// <summary>
/// The synchronous runner of a definition whose states never wait (Pass, Choice, Succeed, Fail, inline Map without
/// Retry/Catch): per state graph a class whose <c>Run</c> goes from state to state in a <c>switch</c> loop and runs each
/// state with the kernel's own step for its type (<c>StateFrame.RunPass</c> ...). The kernel uses it when an execution
/// records no history and keeps no journal (<c>StateMachineProgram.SynchronousRoot</c>).
/// </summary>
internal sealed partial class ProgramEmitter
{
    private const string Token = "global::System.Threading.CancellationToken";
    private const string Outcome = Exec + "GraphOutcome";

    /// <summary>Whether every state of the definition, nested ones included, completes without waiting.</summary>
    private static bool IsSynchronous(StateGraph graph)
    {
        foreach (var state in graph.States)
        {
            switch (state)
            {
                case PassState:
                case ChoiceState:
                case SucceedState:
                case FailState:
                    break;
                case MapState map:
                    var processor = map.Processor;
                    if (processor is null || processor.EffectiveMode == ProcessorMode.Distributed || map.ItemReader is not null || map.ItemBatcher is not null ||
                        map.Retry is { Count: > 0 } || map.Catch is { Count: > 0 } || !IsSynchronous(processor))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Writes the runner class of <paramref name="graph"/> (and of the graphs nested in it); returns its name.</summary>
    private string Runner(StateGraph graph)
    {
        var name = Unique("SynchronousGraph");
        var states = graph.States;
        var fields = new string[states.Count];
        var types = new string[states.Count];
        var processors = new Dictionary<int, (string Field, string Runner)>();
        for (var i = 0; i < states.Count; i++)
        {
            fields[i] = "_" + char.ToLowerInvariant(_stateNames[states[i]][0]) + _stateNames[states[i]].Substring(1);
            types[i] = Exec + states[i].Type + "Program";
        }

        for (var i = 0; i < states.Count; i++)
        {
            if (states[i] is MapState map)
            {
                processors[i] = (fields[i] + "_Processor", Runner(map.Processor!));
            }
        }

        var m = Method();
        var where = _graphNames.TryGetValue(graph, out var graphMethod) ? graphMethod : "the graph";
        m.Line("/// <summary>The states of <c>" + where + "</c> run synchronously: each case enters a state and runs the kernel's step for its type.</summary>");
        m.Open("private sealed class " + name);
        m.Line("private readonly int _start;");
        for (var i = 0; i < states.Count; i++)
        {
            m.Line("private readonly " + types[i] + " " + fields[i] + ";");
        }

        foreach (var processor in processors.Values)
        {
            m.Line("private readonly " + processor.Runner + " " + processor.Field + ";");
        }

        m.Line();
        m.Line("/// <summary>Takes the states of the graph the kernel runs (<c>" + where + "()</c>), by index.</summary>");
        m.Open("internal " + name + "(" + Exec + "GraphProgram graph)");
        m.Line("_start = graph.StartIndex;");
        for (var i = 0; i < states.Count; i++)
        {
            m.Line(fields[i] + " = (" + types[i] + ")graph.States[" + i.ToString(CultureInfo.InvariantCulture) + "];");
        }

        foreach (var pair in processors)
        {
            m.Line(pair.Value.Field + " = new " + pair.Value.Runner + "(" + fields[pair.Key] + ".Processor);");
        }

        m.Close();
        m.Line();
        m.Line("/// <summary>Runs the graph from its start state to its end.</summary>");
        m.Open("internal " + Outcome + " Run(" + Json + " input, " + Frame + " frame, " + Token + " cancellationToken)");
        m.Line("var value = input;");
        m.Line("var state = _start;");
        m.Open("while (true)");
        m.Line(Outcome + " outcome;");
        m.Open("switch (state)");
        for (var i = 0; i < states.Count; i++)
        {
            var field = fields[i];
            m.Open("case " + i.ToString(CultureInfo.InvariantCulture) + ": // " + Comment(states[i].Name) + " (" + states[i].Type + ")");
            m.Open("if (!frame.EnterState(" + field + ", value, cancellationToken, out outcome))");
            m.Line("return outcome;");
            m.Close();
            m.Line();
            var run = states[i] is MapState
                ? "Run" + field.Substring(1, 1).ToUpperInvariant() + field.Substring(2) + "(value, frame, cancellationToken)"
                : "frame.Run" + states[i].Type + "(" + field + ", value)";
            m.Line("outcome = " + run + ";");
            m.Open("if (outcome.Failed)");
            m.Line("return frame.StateFailed(" + field + ", outcome);");
            m.Close();
            m.Line();
            m.Line("break;");
            m.Close();
        }

        m.Line("default:");
        m.Line("    throw new global::System.InvalidOperationException(\"The graph has no state \" + state.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \".\");");
        m.Close();
        m.Line();
        m.Open("if (outcome.Next < 0)");
        m.Line("return outcome;");
        m.Close();
        m.Line();
        m.Line("state = outcome.Next;");
        m.Line("value = outcome.Output;");
        m.Close();
        m.Close();
        foreach (var pair in processors)
        {
            var field = fields[pair.Key];
            m.Line();
            m.Line("/// <summary>The inline Map <c>" + Xml(states[pair.Key].Name) + "</c>: its iterations one after another (they complete synchronously, so in order, as in the kernel).</summary>");
            m.Open("private " + Outcome + " Run" + field.Substring(1, 1).ToUpperInvariant() + field.Substring(2) + "(" + Json + " raw, " + Frame + " frame, " + Token + " cancellationToken)");
            m.Open("if (!frame.TryStartInlineMap(" + field + ", raw, out var effective, out var items, out var failure))");
            m.Line("return failure;");
            m.Close();
            m.Line();
            m.Line("var results = new " + Json + "[items.Count];");
            m.Open("for (var i = 0; i < results.Length; i++)");
            m.Line("var child = frame.StartMapIteration(" + field + ", i, items[i], effective, out var input, out failure);");
            m.Open("if (child is null)");
            m.Line("return failure;");
            m.Close();
            m.Line();
            m.Line("var iteration = " + pair.Value.Field + ".Run(input, child, cancellationToken);");
            m.Open("if (iteration.Failed)");
            m.Line("return iteration;");
            m.Close();
            m.Line();
            m.Line("results[i] = iteration.Output;");
            m.Close();
            m.Line();
            m.Line("return frame.FinishInlineMap(" + field + ", raw, results);");
            m.Close();
        }

        m.Close();
        return name;
    }

    /// <summary>A state name inside a <c>//</c> comment (no line breaks).</summary>
    private static string Comment(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] < ' ' || chars[i] is '\u0085' or '\u2028' or '\u2029')
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }
}
