using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Json;
using AslCompiler.Language.JsonPath;
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
    private const string JsonArray = "global::AslCompiler.Runtime.Json.JsonArrayValue";

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

    /// <summary>
    /// Writes the runner class of <paramref name="graph"/> (and of the graphs nested in it); returns its name. An
    /// asynchronous runner (for a graph that can wait) has a <c>RunAsync</c> whose states that are not written out in
    /// place run through the kernel's asynchronous step (<c>frame.RunStateAsync</c>), inline Maps included.
    /// </summary>
    /// <remarks>
    /// An inline Map's processor in a synchronous runner (<paramref name="mapProcessor"/>) is run by its parent's runner:
    /// its <c>Run</c> also takes the bound of its input the parent proved from the ItemSelector (-1: not known), and,
    /// with <paramref name="entryKeys"/>, takes its input as the record of those members the parent's compiled
    /// ItemSelector made (its shape comes back as <c>entry</c>).
    /// </remarks>
    private string Runner(StateGraph graph, bool asynchronous = false, bool adapter = false, bool mapProcessor = false, List<string>? entryKeys = null) =>
        Runner(graph, asynchronous, adapter, mapProcessor, entryKeys, out _);

    private string Runner(StateGraph graph, bool asynchronous, bool adapter, bool mapProcessor, List<string>? entryKeys, out RecordShape? entry)
    {
        var name = Unique(asynchronous ? "AsynchronousGraph" : "SynchronousGraph");
        var states = graph.States;
        var fields = new string[states.Count];
        var types = new string[states.Count];
        var processors = new Dictionary<int, (string Field, string Runner, MapSelector Selector)>();
        for (var i = 0; i < states.Count; i++)
        {
            fields[i] = "_" + char.ToLowerInvariant(_stateNames[states[i]][0]) + _stateNames[states[i]].Substring(1);
            types[i] = Exec + states[i].Type + "Program";
        }

        for (var i = 0; i < states.Count; i++)
        {
            if (states[i] is MapState map && !asynchronous)
            {
                var selector = Selector(map);
                var runner = Runner(map.Processor!, false, false, mapProcessor: true, selector.Keys, out var shape);
                selector.Shape = shape;
                processors[i] = (fields[i] + "_Processor", runner, selector);
            }
        }

        var m = Method();
        var where = _graphNames.TryGetValue(graph, out var graphMethod) ? graphMethod : "the graph";
        m.Line("/// <summary>The states of <c>" + where + "</c> run " + (asynchronous ? "as one asynchronous method" : "synchronously") + ": each case enters a state and runs the kernel's step for its type.</summary>");
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

        if (asynchronous)
        {
            // Parallel branches and inline Map processors get runners of their own, which the kernel runs for them.
            for (var i = 0; i < states.Count; i++)
            {
                switch (states[i])
                {
                    case ParallelState { Branches: { } branches }:
                        for (var b = 0; b < branches.Count; b++)
                        {
                            var branch = fields[i] + ".Branches[" + b.ToString(CultureInfo.InvariantCulture) + "]";
                            m.Line(branch + ".UseRunner(" + NestedRunner(branches[b], branch) + ");");
                        }

                        break;
                    case MapState { Processor: { } processor } when processor.EffectiveMode != ProcessorMode.Distributed:
                        m.Line(fields[i] + ".Processor.UseRunner(" + NestedRunner(processor, fields[i] + ".Processor") + ");");
                        break;
                }
            }
        }

        m.Close();
        m.Line();
        m.Line("/// <summary>Runs the graph from its start state to its end.</summary>");
        _recordScope = name;
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < states.Count; i++)
        {
            indexes[states[i].Name] = i;
        }

        var directFields = new Dictionary<string, string>?[states.Count];
        for (var i = 0; i < states.Count; i++)
        {
            directFields[i] = DirectFields(states[i], indexes);
        }

        // A big graph's states go to parts (methods of a bounded number of states, see Parts); a record does not cross
        // from one part to another, so the processor of a parted graph takes its input as JSON.
        var parts = Parts(states, directFields);
        entry = entryKeys is null || parts is not null ? null : Shape(entryKeys).Shape;
        var input = entry is null ? Json + " input" : "in " + entry.Type + " input";
        m.Open(asynchronous
            ? "internal async global::System.Threading.Tasks.ValueTask<" + Outcome + "> RunAsync(" + Json + " input, " + Frame + " frame, " + Token + " cancellationToken)"
            : "internal " + Outcome + " Run(" + input + (mapProcessor ? ", long inputBound" : string.Empty) + ", " + Frame + " frame, " + Token + " cancellationToken)");
        m.Line(entry is null ? Json + " value = input;" : Json + " value = " + Json + ".Undefined; // the input is the record below");
        m.Line("long sizeBound = " + (mapProcessor ? "inputBound" : Frame + ".PayloadBound(input)") + "; // an upper bound of the payload size of value, or -1");
        m.Line("int state = _start;");

        var recordMaps = new HashSet<int>(processors.Keys);
        var jsonEntries = new HashSet<int>();
        if (parts is not null)
        {
            // A jump to another part goes through Run's loop with the value as JSON.
            for (var i = 0; i < states.Count; i++)
            {
                foreach (var target in Targets(states[i]))
                {
                    if (indexes.TryGetValue(target, out var j) && parts.Of[j] != parts.Of[i])
                    {
                        jsonEntries.Add(j);
                    }
                }
            }
        }

        var shapes = InputShapes(graph, directFields, indexes, entry, recordMaps, jsonEntries);

        // The Maps finished over their record input, and the cases that run the kernel's step (the others return or go
        // to their next case): not a state written out, nor such a Map.
        var mapPlans = new (RecordShape Output, string Key)?[states.Count];
        var kernelStep = new bool[states.Count];
        var kernelSteps = false;
        for (var i = 0; i < states.Count; i++)
        {
            mapPlans[i] = recordMaps.Contains(i) && shapes[i] is { } mapInput ? RecordMapPlan((MapState)states[i], mapInput) : null;
            kernelStep[i] = directFields[i] is null && mapPlans[i] is null;
            kernelSteps |= kernelStep[i];
        }

        if (parts is null)
        {
            DeclareRecords(m, shapes, 0, states.Count);
            if (entry is not null)
            {
                var start = graph.StartAt is { } at && indexes.TryGetValue(at, out var s) ? s : -1;
                m.Line(start >= 0 && ReferenceEquals(shapes[start], entry) ? entry.Local + " = input;" : "value = input.Json; // the start state takes JSON");
            }

            m.Open("while (true)");
            if (kernelSteps)
            {
                m.Line(Outcome + " outcome;");
            }

            EmitCases(m, states, 0, states.Count, fields, directFields, indexes, shapes, mapPlans, asynchronous, kernelSteps);
            m.Close();
            m.Close();
        }
        else
        {
            // Each part runs from the state it is given until the graph ends, a kernel step or a jump to another part
            // hands back the next state with its value (carrying its bound).
            // An asynchronous runner's part that never waits (no kernel step) is a synchronous method.
            var partSteps = new bool[parts.Starts.Count];
            for (var i = 0; i < states.Count; i++)
            {
                partSteps[parts.Of[i]] |= kernelStep[i];
            }

            m.Open("while (true)");
            m.Line(Outcome + " outcome = " + (asynchronous ? "await (" : string.Empty) + "state switch");
            m.Line("{");
            for (var p = 0; p < parts.Starts.Count; p++)
            {
                var end = p + 1 < parts.Starts.Count ? parts.Starts[p + 1] : states.Count;
                var call = PartMethod(name, p) + "(state, value, sizeBound, frame, cancellationToken)";
                m.Line("    " + (p + 1 < parts.Starts.Count ? "< " + end.ToString(CultureInfo.InvariantCulture) : "_") + " => " +
                    (asynchronous && !partSteps[p] ? "new global::System.Threading.Tasks.ValueTask<" + Outcome + ">(" + call + ")" : call) + ",");
            }

            m.Line("}" + (asynchronous ? ").ConfigureAwait(false)" : string.Empty) + ";");
            EmitNextState(m, "the part kept the bound on the value");
            m.Close();
            m.Close();
            for (var p = 0; p < parts.Starts.Count; p++)
            {
                var first = parts.Starts[p];
                var end = p + 1 < parts.Starts.Count ? parts.Starts[p + 1] : states.Count;

                m.Line();
                m.Line("/// <summary>Runs states " + first.ToString(CultureInfo.InvariantCulture) + " to " + (end - 1).ToString(CultureInfo.InvariantCulture) +
                    " of the graph from <paramref name=\"state\"/>: the graph's outcome, or the next state (in another part, or after a kernel step) with its value.</summary>");
                m.Open(asynchronous && partSteps[p]
                    ? "private async global::System.Threading.Tasks.ValueTask<" + Outcome + "> " + PartMethod(name, p) + "(int state, " + Json + " value, long sizeBound, " + Frame + " frame, " + Token + " cancellationToken)"
                    : "private " + Outcome + " " + PartMethod(name, p) + "(int state, " + Json + " value, long sizeBound, " + Frame + " frame, " + Token + " cancellationToken)");
                DeclareRecords(m, shapes, first, end);
                if (partSteps[p])
                {
                    m.Line(Outcome + " outcome;");
                }

                _part = (parts.Of, p);
                EmitCases(m, states, first, end, fields, directFields, indexes, shapes, mapPlans, asynchronous, false);
                _part = null;
                if (partSteps[p])
                {
                    m.Line();
                    m.Line("return outcome;");
                }

                m.Close();
            }
        }

        if (adapter)
        {
            m.Line();
            m.Line("/// <summary>Runs the graph as an <c>AsynchronousGraph</c> (it completes synchronously).</summary>");
            m.Line("internal global::System.Threading.Tasks.ValueTask<" + Outcome + "> RunAsync(" + Json + " input, " + Frame + " frame, " + Token + " cancellationToken) =>");
            m.Line("    new global::System.Threading.Tasks.ValueTask<" + Outcome + ">(Run(input, frame, cancellationToken));");
        }

        foreach (var pair in processors)
        {
            var field = fields[pair.Key];
            var map = (MapState)states[pair.Key];
            var selector = pair.Value.Selector;
            var method = MapMethod(field);
            var recordInput = shapes[pair.Key];
            var plan = mapPlans[pair.Key];
            m.Line();
            m.Line("/// <summary>The inline Map <c>" + Xml(states[pair.Key].Name) + "</c>: its iterations one after another (they complete synchronously, so in order, as in the kernel).</summary>");
            if (plan is { } p)
            {
                // TryStartInlineMap and FinishInlineMap's steps over the record: ItemsPath, the result's payload check,
                // ResultPath $.name set on the record, the output's payload check.
                m.Open("private " + Outcome + " " + method + "(in " + recordInput!.Type + " raw, ref long sizeBound, " + Frame + " frame, " + Token + " cancellationToken, out " + p.Output.Type + " output)");
                m.Line("output = default;");
                var items = OverRecord(recordInput, () => Callable(Path(map.ItemsPath!, _stateNames[map] + "_ItemsPath_OverRecord")));
                m.Line(Result + " selected = " + items + "(in raw, frame);");
                m.Open("if (!selected.IsSuccess)");
                m.Line("return " + Outcome + ".Failure(selected);");
                m.Close();
                m.Line();
                m.Open("if (!" + Frame + ".TryGetMapItems(selected.Value, out " + JsonArray + " items, out " + Outcome + " failure))");
                m.Line("return failure;");
                m.Close();
                m.Line();
                m.Line(Json + " effective = " + (ReadsInput(map.ItemSelector ?? map.Parameters) ? "raw.Json; // the ItemSelector reads the Map's input" : Json + ".Undefined; // nothing reads the Map's input as JSON"));
                if (selector.Growth is { Inputs: > 0 })
                {
                    m.Line("long effectiveBound = sizeBound;");
                }
            }
            else
            {
                m.Open("private " + Outcome + " " + method + "(" + Json + " raw, " + Frame + " frame, " + Token + " cancellationToken)");
                m.Open("if (!frame.TryStartInlineMap(" + field + ", raw, out " + Json + " effective, out " + JsonArray + " items, out " + Outcome + " failure))");
                m.Line("return failure;");
                m.Close();
                m.Line();
                if (selector.Growth is { Inputs: > 0 })
                {
                    m.Line("long effectiveBound = frame.MeasuredBound(effective);");
                }
            }

            m.Line(Json + "[] results = new " + Json + "[items.Count];");
            m.Line(Frame + "? child = null;");

            var bound = selector.Growth is { } growth
                ? "frame.SelectorBound(items[i], " + (growth.Inputs > 0 ? "effectiveBound" : "-1") + ", " + growth.Constant.ToString(CultureInfo.InvariantCulture) + ", " +
                    growth.ItemInputs.ToString(CultureInfo.InvariantCulture) + ", " + growth.Inputs.ToString(CultureInfo.InvariantCulture) + ")"
                : "-1";
            m.Open("for (int i = 0; i < results.Length; i++)");
            if (selector.Shape is { } shape)
            {
                // The ItemSelector as a record, read by the processor's first state.
                var order = shape.Order(selector.Keys!, ref _ordersAdded);
                var selectorMethod = TemplateMethod(map.ItemSelector ?? map.Parameters!, _stateNames[map] + "_ItemSelector_Record", shape, order);
                m.Line("child = frame.StartMapIteration<" + shape.Type + ">(" + field + ", i, items[i], effective, child, " + selectorMethod + ", out " + shape.Type + " input, out failure);");
            }
            else
            {
                m.Line("child = frame.StartMapIteration(" + field + ", i, items[i], effective, child, out " + Json + " input, out failure);");
            }

            m.Open("if (child is null)");
            m.Line("return failure;");
            m.Close();
            m.Line();
            m.Line(Outcome + " iteration = " + pair.Value.Field + ".Run(" + (selector.Shape is null ? string.Empty : "in ") + "input, " + bound + ", child, cancellationToken);");
            m.Open("if (iteration.Failed)");
            m.Line("return iteration;");
            m.Close();
            m.Line();
            m.Line("results[i] = iteration.Output;");
            m.Close();
            m.Line();
            if (plan is { } finish)
            {
                var key = finish.Key;
                var members = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var k in finish.Output.Keys)
                {
                    members[k] = string.Equals(k, key, StringComparison.Ordinal) ? "result" : "raw." + recordInput!.Field(k);
                }

                m.Line(Json + " result = " + CJson + ".Array(results);");
                m.Open("if (!frame.TryCheckMapResult(" + field + ", result, out long resultBound, out failure))");
                m.Line("return failure;");
                m.Close();
                m.Line();
                m.Line("output = " + NewRecord(finish.Output, SetOrder(recordInput!, key, "raw"), members) + ";");
                m.Line("long grown = sizeBound >= 0 && resultBound >= 0 ? sizeBound + resultBound : -1;");
                m.Open("if (!frame.WithinPayloadBound(ref grown, " + (StringBound(key) + 4).ToString(CultureInfo.InvariantCulture) + ", 1) && frame.ExceedsPayloadLimit(output.Json, ref grown))");
                m.Line("return " + Frame + ".PayloadLimitExceeded(" + field + ", output.Json);");
                m.Close();
                m.Line();
                m.Line("sizeBound = grown;");
                m.Line("return " + Outcome + ".Success(default, -1);");
            }
            else
            {
                m.Line("return frame.FinishInlineMap(" + field + ", raw, results);");
            }

            m.Close();
        }

        m.Close();
        return name;
    }

    /// <summary>
    /// The most work a runner's method holds before its states go to parts: a state counts 1, a Choice written out in
    /// place 1 more per rule. A definition of 20,000 states was one <c>switch</c> of every state (a Debug build gives
    /// each case's locals their own slots: past 65,534 the consumer's build failed with CS0204) and one method the JIT
    /// compiles all at once; ordinary definitions stay one <c>switch</c>.
    /// </summary>
    internal const int MaxRunnerWeight = 512;

    /// <summary>
    /// The most rules of a Choice state the runner writes out in place; one of more runs through the kernel's step over
    /// the rules' methods. A Choice of 20,000 rules written out made the runner one method the JIT took seconds to
    /// compile on the first run.
    /// </summary>
    internal const int MaxInlineRules = 64;

    /// <summary>The most work of one part of a parted runner (see <see cref="MaxRunnerWeight"/>).</summary>
    internal const int MaxPartWeight = 128;

    /// <summary>The parts of a big graph's runner: the index of each part's first state (in order), and each state's part.</summary>
    private sealed class RunnerParts(List<int> starts, int[] of)
    {
        public List<int> Starts { get; } = starts;

        public int[] Of { get; } = of;
    }

    /// <summary>The part being written (a jump out of it returns to the runner's loop), or null in a runner of one <c>switch</c>.</summary>
    private (int[] Of, int Part)? _part;

    /// <summary>The parts of a runner (consecutive states up to <see cref="MaxPartWeight"/>), or null when it stays one method.</summary>
    private static RunnerParts? Parts(IReadOnlyList<State> states, Dictionary<string, string>?[] directFields)
    {
        var weights = new int[states.Count];
        var total = 0;
        for (var i = 0; i < states.Count; i++)
        {
            weights[i] = 1 + (directFields[i] is not null && states[i] is ChoiceState { Choices: { } rules } ? rules.Count : 0);
            total += weights[i];
        }

        if (total <= MaxRunnerWeight)
        {
            return null;
        }

        var starts = new List<int>();
        var of = new int[states.Count];
        var weight = 0;
        for (var i = 0; i < states.Count; i++)
        {
            if (starts.Count == 0 || weight + weights[i] > MaxPartWeight)
            {
                starts.Add(i);
                weight = 0;
            }

            weight += weights[i];
            of[i] = starts.Count - 1;
        }

        return new RunnerParts(starts, of);
    }

    private static string PartMethod(string runner, int part) => "Run" + (runner.StartsWith("Asynchronous", StringComparison.Ordinal) ? "Async" : string.Empty) +
        "Part" + (part + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Declares the record locals of the shapes states <paramref name="first"/> to <paramref name="end"/> (exclusive) are entered with.</summary>
    private static void DeclareRecords(IndentedSourceWriter m, RecordShape?[] shapes, int first, int end)
    {
        var locals = new HashSet<RecordShape>();
        for (var i = first; i < end; i++)
        {
            if (shapes[i] is { } shape && locals.Add(shape))
            {
                m.Line(shape.Type + " " + shape.Local + " = default; // the current value while it is a record of this shape");
            }
        }
    }

    /// <summary>
    /// The <c>switch</c> of states <paramref name="first"/> to <paramref name="end"/> (exclusive), each a case; with
    /// <paramref name="loopTail"/>, the step to the next state after a kernel step (in a loop around the switch).
    /// </summary>
    private void EmitCases(IndentedSourceWriter m, IReadOnlyList<State> states, int first, int end, string[] fields, Dictionary<string, string>?[] directFields,
        Dictionary<string, int> indexes, RecordShape?[] shapes, (RecordShape Output, string Key)?[] mapPlans, bool asynchronous, bool loopTail)
    {
        m.Open("switch (state)");
        for (var i = first; i < end; i++)
        {
            var field = fields[i];
            // The case is the state's index in its graph; its methods are numbered across the definition (State3_...).
            m.Open("case " + i.ToString(CultureInfo.InvariantCulture) + ": // " + Comment(states[i].Name) + " (" + states[i].Type + "), methods " + MethodPrefix(_stateNames[states[i]]) + "*");
            if (directFields[i] is { } direct)
            {
                var plan = RecordPlan(states[i], direct, shapes[i]);
                if (plan.Step != RecordStep.Json)
                {
                    EmitRecord(m, states[i], field, direct, indexes, shapes, i, plan.Step, plan.Output);
                    m.Close();
                    continue;
                }

                RecordToJson(m, shapes[i]);
                EmitDirect(m, states[i], field, direct, indexes);
                m.Close();
                continue;
            }

            if (mapPlans[i] is { } mapPlan)
            {
                // The Map over its record input: items read from the record, the result set on it (no object built).
                EmitEnter(m, field, "default");
                var mapNext = states[i].Next is { } following ? indexes[following] : -1;
                var mapTarget = RecordTarget(mapPlan.Output, shapes[i], mapNext, shapes, inPlace: false);
                m.Line(Outcome + " mapped = " + MapMethod(field) + "(in " + shapes[i]!.Local + ", ref sizeBound, frame, cancellationToken, out " + (mapTarget == "next" ? mapPlan.Output.Type + " next" : mapTarget) + ");");
                m.Open("if (mapped.Failed)");
                m.Line("return frame.StateFailed(" + field + ", mapped);");
                m.Close();
                m.Line();
                EmitRecordNext(m, mapNext, mapTarget, mapPlan.Output, shapes);
                m.Close();
                continue;
            }

            RecordToJson(m, shapes[i]);
            EmitEnter(m, field, "value");
            var run = asynchronous
                ? "await frame.RunStateAsync(" + field + ", value, cancellationToken).ConfigureAwait(false)"
                : states[i] is MapState
                    ? MapMethod(field) + "(value, frame, cancellationToken)"
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
        if (loopTail)
        {
            // Only the cases that ran the kernel's step get here (the others return or go to their next case).
            m.Line();
            EmitNextState(m, "known when the step measured it");
        }
    }

    /// <summary>Ends the loop's turn on an outcome: the graph's end returned, else its next state and value taken.</summary>
    private static void EmitNextState(IndentedSourceWriter m, string boundComment)
    {
        m.Open("if (outcome.Next < 0)");
        m.Line("return outcome;");
        m.Close();
        m.Line();
        m.Line("state = outcome.Next;");
        m.Line("value = outcome.Output;");
        m.Line("sizeBound = " + Frame + ".PayloadBound(value); // " + boundComment);
    }

    /// <summary>
    /// Goes to state <paramref name="next"/> with the current value (already in <c>value</c> or in its record): its case,
    /// or, in another part, back to the runner's loop with the value as JSON and its bound kept on it.
    /// </summary>
    private void EmitGoto(IndentedSourceWriter m, int next)
    {
        if (_part is { } part && part.Of[next] != part.Part)
        {
            m.Line("return " + Outcome + ".Success(" + CJson + ".WithBound(value, sizeBound), " + next.ToString(CultureInfo.InvariantCulture) + ");");
            return;
        }

        m.Line("goto case " + next.ToString(CultureInfo.InvariantCulture) + ";");
    }

    /// <summary>The runner of a nested graph (synchronous when it never waits), as an <c>AsynchronousGraph</c> over the graph program <paramref name="program"/>.</summary>
    private string NestedRunner(StateGraph graph, string program) =>
        "new " + (IsSynchronous(graph) ? Runner(graph, asynchronous: false, adapter: true) : Runner(graph, asynchronous: true)) + "(" + program + ").RunAsync";

    // The fields each JSONPath state was built with ("Parameters = State1_Parameters" ...) and each Choice rule's
    // condition, Assign and Next, kept so the runner can run the state's fields itself.
    private readonly Dictionary<State, List<string>> _stateFields = new();
    private readonly Dictionary<State, List<(string Condition, string? Assign, string? Next)>> _choiceBranches = new();

    private void Branch(ChoiceState choice, string condition, string? assign, string? next)
    {
        if (!_choiceBranches.TryGetValue(choice, out var list))
        {
            list = new List<(string Condition, string? Assign, string? Next)>();
            _choiceBranches[choice] = list;
        }

        list.Add((condition, assign, next));
    }

    /// <summary>
    /// The fields of a state the runner runs itself (no kernel step, no delegate), or null when it goes through the
    /// kernel's step: JSONPath Pass, Choice and Succeed states whose fields are the ones below and whose Next states exist.
    /// </summary>
    private Dictionary<string, string>? DirectFields(State state, Dictionary<string, int> indexes)
    {
        if (state.EffectiveQueryLanguage != QueryLanguage.JsonPath || !_stateFields.TryGetValue(state, out var list))
        {
            return null;
        }

        string[] allowed;
        switch (state)
        {
            case PassState:
                allowed = new[] { "NextName", "UsesContextObject", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Assign" };
                break;
            case ChoiceState choice:
                allowed = new[] { "UsesContextObject", "InputPath", "OutputPath", "Assign" };
                if (choice.Default is { } fallback && !indexes.ContainsKey(fallback))
                {
                    return null;
                }

                var rules = _choiceBranches.TryGetValue(choice, out var b) ? b : new List<(string Condition, string? Assign, string? Next)>();
                if (rules.Count != (choice.Choices?.Count ?? 0) || rules.Count > MaxInlineRules)
                {
                    return null;
                }

                foreach (var rule in rules)
                {
                    if (rule.Next is null || !indexes.ContainsKey(rule.Next))
                    {
                        return null;
                    }
                }

                break;
            case SucceedState:
                allowed = new[] { "UsesContextObject", "InputPath", "OutputPath" };
                break;
            default:
                return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in list)
        {
            var at = entry.IndexOf(" = ", StringComparison.Ordinal);
            var name = at < 0 ? entry : entry.Substring(0, at);
            if (at < 0 || Array.IndexOf(allowed, name) < 0)
            {
                return null;
            }

            fields[name] = entry.Substring(at + 3);
        }

        if (state is PassState && state.Next is { } next && !indexes.ContainsKey(next))
        {
            return null;
        }

        return fields;
    }

    /// <summary>
    /// A state's case run inline: the kernel's steps for its type (RunPass/RunChoice/RunSucceed, then the payload
    /// limit) written out over the state's own methods, in the same order with the same failures.
    /// </summary>
    private void EmitDirect(IndentedSourceWriter m, State state, string field, Dictionary<string, string> fields, Dictionary<string, int> indexes)
    {
        EmitEnter(m, field, "value");
        var failed = "return frame.StateFailed(" + field + ", " + Outcome + ".Failure(";
        if (fields.TryGetValue("InputPath", out var inputPath))
        {
            EmitChecked(m, "selectedInput", Invoke(inputPath, field, "InputPath", "value, frame"), failed);
            m.Line(Json + " effective = selectedInput.Value;");
        }
        else
        {
            m.Line(Json + " effective = value;");
        }

        switch (state)
        {
            case PassState:
                if (fields.TryGetValue("Result", out var constant))
                {
                    m.Line(Json + " result = " + (IsIdentifier(constant) ? constant : field + ".Result") + ";");
                }
                else if (fields.TryGetValue("Parameters", out var parameters))
                {
                    EmitChecked(m, "parameters", Invoke(parameters, field, "Parameters", "effective, frame"), failed);
                    m.Line(Json + " result = parameters.Value;");
                }
                else
                {
                    m.Line(Json + " result = effective;");
                }

                var assign = fields.TryGetValue("Assign", out var a) ? Invoke(a, field, "Assign", "value, result, frame") : null;
                EmitAssign(m, assign, failed);
                if (!fields.TryGetValue("ResultPath", out var resultPath))
                {
                    m.Line(Json + " output = result;");
                }
                else if (resultPath == Expressions + ".RawInput")
                {
                    m.Line(Json + " output = value;");
                }
                else
                {
                    EmitChecked(m, "combined", Invoke(resultPath, field, "ResultPath", "value, result, frame"), failed);
                    m.Line(Json + " output = combined.Value;");
                }

                EmitOutputPath(m, fields, field, failed, assign is not null);
                m.Open("if (frame.ExceedsPayloadLimit(output, ref sizeBound" + (PassGrowth((PassState)state) is { } growth
                    ? ", " + growth.Constant.ToString(CultureInfo.InvariantCulture) + ", " + growth.Inputs.ToString(CultureInfo.InvariantCulture)
                    : string.Empty) + "))");
                m.Line("return " + Frame + ".PayloadLimitExceeded(" + field + ", output);");
                m.Close();
                m.Line();
                EmitNext(m, state.Next is { } next ? indexes[next] : -1);
                break;
            case ChoiceState choice:
                if ((choice.InputPath is { } choiceInput && !IsSubValuePath(choiceInput.Path)) || (choice.OutputPath is { } choiceOutput && !IsSubValuePath(choiceOutput.Path)))
                {
                    // The output is not one sub-value of the input: its size is not known from the input's.
                    m.Line("sizeBound = -1;");
                }

                var rules = _choiceBranches.TryGetValue(choice, out var b) ? b : new List<(string Condition, string? Assign, string? Next)>();
                var stateAssign = fields.TryGetValue("Assign", out var sa) ? Invoke(sa, field, "Assign", "value, effective, frame") : null;
                var assigns = stateAssign is not null || rules.Exists(static rule => rule.Assign is not null);
                EmitChoiceLocals(m, rules.Count > 0, fields.ContainsKey("OutputPath"), assigns);
                for (var r = 0; r < rules.Count; r++)
                {
                    var index = r.ToString(CultureInfo.InvariantCulture);
                    EmitChecked(m, "rule", Invoke(rules[r].Condition, field, "Choices[" + index + "].Condition", "effective, frame"), failed, declare: false);
                    m.Open("if (rule.Value.IsTrue)");
                    var ruleAssign = rules[r].Assign is { } ra ? Invoke(ra, field, "Choices[" + index + "].Assign", "value, effective, frame") : stateAssign;
                    EmitChoiceEnd(m, fields, field, failed, ruleAssign, indexes[rules[r].Next!]);
                    m.Close();
                    m.Line();
                }

                if (choice.Default is { } fallback)
                {
                    m.Open("// Default: " + Comment(fallback));
                    EmitChoiceEnd(m, fields, field, failed, stateAssign, indexes[fallback]);
                    m.Close();
                }
                else
                {
                    m.Line("return " + Outcome + ".NoChoiceMatched;");
                }

                break;
            default:
                m.Line(Json + " output = effective;");
                EmitOutputPath(m, fields, field, failed, false);
                m.Line("return " + Outcome + ".Success(output, -1);");
                break;
        }
    }

    /// <summary>A state entered with a record whose step needs JSON: the record's object becomes the value.</summary>
    private static void RecordToJson(IndentedSourceWriter m, RecordShape? input)
    {
        if (input is not null)
        {
            m.Line("value = " + input.Local + ".Json;");
        }
    }

    /// <summary>
    /// A state's case over records (<see cref="RecordPlan"/>): the same steps, failures and payload check as
    /// <see cref="EmitDirect"/>, reading the input record's fields and building the output as a record; the object is
    /// built only where the payload check must measure it, on a failure's cause, or for a state that takes JSON.
    /// </summary>
    private void EmitRecord(IndentedSourceWriter m, State state, string field, Dictionary<string, string> fields, Dictionary<string, int> indexes, RecordShape?[] shapes, int index, RecordStep step, RecordShape? output)
    {
        var input = shapes[index];
        var prefix = _stateNames[state] + "_";
        var source = input is null ? "value" : "in " + input.Local;
        EmitEnter(m, field, input is null ? "value" : "default");
        var failed = "return frame.StateFailed(" + field + ", " + Outcome + ".Failure(";
        var next = state.Next is { } n ? indexes[n] : -1;
        switch (step)
        {
            case RecordStep.Build:
            {
                var pass = (PassState)state;
                var order = Shape(TemplateKeys((JsonObjectSyntax)pass.Parameters!)!).Order;
                var method = OverRecord(input, () => TemplateMethod(pass.Parameters!, prefix + "Record", output, order));
                var target = RecordTarget(output!, input, next, shapes);
                EmitChecked(m, "parameters", method + "(" + source + ", frame, out " + (target == "next" ? output!.Type + " next" : target) + ")", failed);
                EmitRecordLimit(m, pass, field, target, jsonInput: input is null);
                EmitRecordNext(m, next, target, output!, shapes);
                break;
            }

            case RecordStep.BuildJson:
            {
                var pass = (PassState)state;
                var method = OverRecord(input, () => TemplateMethod(pass.Parameters!, prefix + "OverRecord"));
                EmitChecked(m, "parameters", method + "(" + source + ", frame)", failed);
                m.Line(Json + " output = parameters.Value;");
                m.Open("if (frame.ExceedsPayloadLimit(output, ref sizeBound" + (PassGrowth(pass) is { } growth
                    ? ", " + growth.Constant.ToString(CultureInfo.InvariantCulture) + ", " + growth.Inputs.ToString(CultureInfo.InvariantCulture)
                    : string.Empty) + "))");
                m.Line("return " + Frame + ".PayloadLimitExceeded(" + field + ", output);");
                m.Close();
                m.Line();
                EmitNext(m, next);
                break;
            }

            case RecordStep.Set:
            {
                var pass = (PassState)state;
                string result;
                if (pass.Result is not null)
                {
                    result = fields.TryGetValue("Result", out var constant) && IsIdentifier(constant) ? constant : field + ".Result";
                }
                else if (!IsDynamic(pass.Parameters!))
                {
                    result = Constant(pass.Parameters!);
                }
                else
                {
                    var method = OverRecord(input, () => TemplateMethod(pass.Parameters!, prefix + "OverRecord"));
                    EmitChecked(m, "parameters", method + "(" + source + ", frame)", failed);
                    result = "parameters.Value";
                }

                // ResultPath $.name: the result (null for an undefined one) set on the record, as SetItem sets it.
                var key = ((JsonPathPropertySegment)JsonPathParser.Parse(pass.ResultPath!.Path!).Segments[0]).Name;
                m.Line(Json + " result = " + result + ";");
                m.Line(Json + " member = result.IsUndefined ? " + Json + ".Null : result;");
                var members = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var k in output!.Keys)
                {
                    members[k] = string.Equals(k, key, StringComparison.Ordinal) ? "member" : input!.Local + "." + input.Field(k);
                }

                var target = RecordTarget(output, input, next, shapes);
                m.Line((target == "next" ? output.Type + " next" : target) + " = " + NewRecord(output, SetOrder(input!, key), members) + ";");
                EmitRecordLimit(m, pass, field, target);
                EmitRecordNext(m, next, target, output, shapes);
                break;
            }

            case RecordStep.Same:
                EmitRecordLimit(m, (PassState)state, field, input!.Local);
                EmitRecordNext(m, next, input.Local, input, shapes);
                break;
            case RecordStep.Choice:
            {
                var choice = (ChoiceState)state;
                var rules = choice.Choices ?? (IReadOnlyList<ChoiceRule>)Array.Empty<ChoiceRule>();
                EmitChoiceLocals(m, rules.Count > 0, outputPath: false, assigns: false);
                for (var r = 0; r < rules.Count; r++)
                {
                    var number = (r + 1).ToString(CultureInfo.InvariantCulture);
                    var rule = rules[r];
                    var condition = OverRecord(input, () => Callable(Rule(rule.Syntax, prefix + "Choice" + number + "_OverRecord", 0)));
                    EmitChecked(m, "rule", condition + "(" + source + ", frame)", failed, declare: false);
                    m.Open("if (rule.Value.IsTrue)");
                    EmitRecordNext(m, indexes[rule.Next!], input!.Local, input, shapes);
                    m.Close();
                    m.Line();
                }

                if (choice.Default is { } fallback)
                {
                    m.Open("// Default: " + Comment(fallback));
                    EmitRecordNext(m, indexes[fallback], input!.Local, input, shapes);
                    m.Close();
                }
                else
                {
                    m.Line("return " + Outcome + ".NoChoiceMatched;");
                }

                break;
            }

            default:
                throw new InvalidOperationException("No record step for " + step + ".");
        }
    }

    /// <summary>
    /// The order of a record after ResultPath sets <paramref name="key"/> on the input record (from the input's order);
    /// <paramref name="source"/> is the input record's expression (its local, unless given).
    /// </summary>
    private string SetOrder(RecordShape input, string key, string? source = null)
    {
        source ??= input.Local;
        var orders = WithMember(input, key).Orders;
        var identity = true;
        for (var i = 0; i < orders.Length; i++)
        {
            identity &= orders[i] == i;
        }

        if (identity)
        {
            return source + ".Order";
        }

        if (orders.Length == 1)
        {
            return orders[0].ToString(CultureInfo.InvariantCulture);
        }

        var arms = new List<string>();
        for (var i = 0; i < orders.Length; i++)
        {
            arms.Add((i == orders.Length - 1 ? "_" : i.ToString(CultureInfo.InvariantCulture)) + " => " + orders[i].ToString(CultureInfo.InvariantCulture));
        }

        return "(" + source + ".Order switch { " + string.Join(", ", arms) + " })";
    }

    /// <summary>
    /// The payload check of a record output: the proved bound (over a JSON input measured when its bound is not known),
    /// else the output's object measured.
    /// </summary>
    private static void EmitRecordLimit(IndentedSourceWriter m, PassState pass, string field, string record, bool jsonInput = false)
    {
        var growth = PassGrowth(pass) ?? throw new InvalidOperationException("A record step needs a proved bound.");
        m.Open("if (!frame.WithinPayloadBound(" + (jsonInput ? "value, " : string.Empty) + "ref sizeBound, " + growth.Constant.ToString(CultureInfo.InvariantCulture) + ", " +
            growth.Inputs.ToString(CultureInfo.InvariantCulture) + ") && frame.ExceedsPayloadLimit(" + record + ".Json, ref sizeBound))");
        m.Line("return " + Frame + ".PayloadLimitExceeded(" + field + ", " + record + ".Json);");
        m.Close();
        m.Line();
    }

    /// <summary>
    /// Where a state puts the record it builds: straight into the local of the next state's input when that state takes
    /// this shape (the runner's frame then holds no temporary and no copy of it), else a new local <c>next</c>. That
    /// local may be the state's own input only where the record is written after every read of the input
    /// (<paramref name="inPlace"/>: a template's record method, a ResultPath's new record), not for a Map, which clears its
    /// output first. A failing state returns, so a local it wrote is never read.
    /// </summary>
    private static string RecordTarget(RecordShape output, RecordShape? input, int next, RecordShape?[] shapes, bool inPlace = true) =>
        next >= 0 && ReferenceEquals(shapes[next], output) && (inPlace || (!ReferenceEquals(input, output) && output.Local != input?.Local)) ? output.Local : "next";

    /// <summary>Hands a record to the next state: as the record when it is entered with that shape, else as its object (or ends the graph with it).</summary>
    private void EmitRecordNext(IndentedSourceWriter m, int next, string record, RecordShape shape, RecordShape?[] shapes)
    {
        if (next < 0)
        {
            m.Line("return " + Outcome + ".Success(" + CJson + ".WithBound(" + record + ".Json, sizeBound), -1);");
            return;
        }

        if (ReferenceEquals(shapes[next], shape))
        {
            if (record != shape.Local)
            {
                m.Line(shape.Local + " = " + record + ";");
            }
        }
        else
        {
            m.Line("value = " + record + ".Json;");
        }

        EmitGoto(m, next);
    }

    /// <summary>Enters a state on the frame (<paramref name="input"/>: its JSON input, or <c>default</c> for a record), or leaves with why not.</summary>
    private static void EmitEnter(IndentedSourceWriter m, string field, string input)
    {
        m.Open("if (!frame.EnterState(" + field + ", " + input + ", cancellationToken))");
        m.Line("return frame.EnterStop;");
        m.Close();
        m.Line();
    }

    /// <summary>The runner's method that runs the inline Map of <paramref name="field"/> (<c>_state3_Each</c> → <c>RunState3_Each</c>).</summary>
    private static string MapMethod(string field) => "Run" + field.Substring(1, 1).ToUpperInvariant() + field.Substring(2);

    /// <summary>
    /// Writes <c>EvaluationResult name = call;</c> (<c>name = call;</c> into a local declared before, when not
    /// <paramref name="declare"/>) and the state's failure when the evaluation did not succeed.
    /// </summary>
    private static void EmitChecked(IndentedSourceWriter m, string name, string call, string failed, bool declare = true)
    {
        m.Line((declare ? Result + " " : string.Empty) + name + " = " + call + ";");
        m.Open("if (!" + name + ".IsSuccess)");
        m.Line(failed + name + "));");
        m.Close();
        m.Line();
    }

    /// <summary>
    /// The locals a Choice state's case shares between its rules: the rule's result, and what a match's Assign and
    /// OutputPath need. A local per rule made C#'s flow analysis of the runner's method grow with the square of the
    /// rules (4,000 rules took about 19 s to analyse and 17 s to emit; with shared locals under 2 s each).
    /// </summary>
    private static void EmitChoiceLocals(IndentedSourceWriter m, bool rules, bool outputPath, bool assigns)
    {
        if (rules)
        {
            m.Line(Result + " rule;");
        }

        if (outputPath || assigns)
        {
            m.Line(Json + " output;");
        }

        if (outputPath)
        {
            m.Line(Result + " selected;");
        }

        if (assigns)
        {
            m.Line(Result + " assign;");
            m.Line(Result + " assigned;");
        }

        if (rules || outputPath || assigns)
        {
            m.Line();
        }
    }

    /// <summary>A Choice rule matched (or the Default is taken): Assign, OutputPath, then the next state, in the locals of <see cref="EmitChoiceLocals"/>.</summary>
    private void EmitChoiceEnd(IndentedSourceWriter m, Dictionary<string, string> fields, string field, string failed, string? assign, int next)
    {
        if (assign is null && !fields.ContainsKey("OutputPath"))
        {
            // The output is the effective input (the value itself, without an InputPath).
            if (fields.ContainsKey("InputPath"))
            {
                m.Line("value = effective;");
            }

            EmitGoto(m, next);
            return;
        }

        if (assign is not null)
        {
            EmitChecked(m, "assign", assign, failed, declare: false);
        }

        m.Line("output = effective;");
        EmitOutputPath(m, fields, field, failed, assign is not null, declare: false);
        EmitNext(m, next);
    }

    private static void EmitAssign(IndentedSourceWriter m, string? assign, string failed)
    {
        if (assign is null)
        {
            return;
        }

        EmitChecked(m, "assign", assign, failed);
    }

    private static void EmitOutputPath(IndentedSourceWriter m, Dictionary<string, string> fields, string field, string failed, bool assigns, bool declare = true)
    {
        if (fields.TryGetValue("OutputPath", out var outputPath))
        {
            EmitChecked(m, "selected", Invoke(outputPath, field, "OutputPath", "output, frame"), failed, declare);
            m.Line("output = selected.Value;");
        }

        if (assigns)
        {
            m.Open("if (!assign.Value.IsUndefined)");
            EmitChecked(m, "assigned", "frame.Assign(assign.Value)", failed, declare);
            m.Close();
            m.Line();
        }
    }

    private void EmitNext(IndentedSourceWriter m, int next)
    {
        if (next < 0)
        {
            m.Line("return " + Outcome + ".Success(output, -1);");
            return;
        }

        m.Line("value = output;");
        EmitGoto(m, next);
    }

    /// <summary>
    /// A call of a state field: the emitted method (or hoisted delegate) by name, else the delegate the state program
    /// holds (<paramref name="property"/> of <paramref name="field"/>).
    /// </summary>
    private static string Invoke(string expression, string field, string property, string arguments) =>
        (IsIdentifier(expression) ? expression : field + "." + property + "!") + "(" + arguments + ")";

    private static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The arguments of <c>IntrinsicFunction.Invoke</c>: one or two values as they are (its overloads need no array), else an array.</summary>
    private static string IntrinsicArguments(List<string> arguments) => arguments.Count switch
    {
        0 => "global::System.Array.Empty<" + Json + ">()",
        1 or 2 => string.Join(", ", arguments),
        _ => "new " + Json + "[] { " + string.Join(", ", arguments) + " }",
    };

    /// <summary>A state name inside a <c>//</c> comment (no line breaks, no bidirectional controls).</summary>
    private static string Comment(string text) => AslGenerator.CommentText(text);
}
