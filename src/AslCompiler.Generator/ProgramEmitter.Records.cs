using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AslCompiler.Language.Json;
using AslCompiler.Language.JsonPath;
using AslCompiler.Language.Model;

namespace AslCompiler.Generator;

/// <summary>
/// Records: a state's output the runner keeps as a struct of its members instead of a JSON object, while nothing can
/// see it (the runners run only with history off and no journal). A JSONPath Pass state whose Parameters is an object
/// of known member names produces one; the next Pass and Choice states read its members as fields; a state that needs
/// the object (a kernel step, a path to the whole input, a failure's cause, the graph's end) builds it with the
/// record's <c>Json</c>, members in the order the template renders them, so every output, error and cause is the
/// interpreter's. States that can enter the same state must hand it the same record shape, else they hand it JSON.
/// </summary>
internal sealed partial class ProgramEmitter
{
    private readonly Dictionary<string, RecordShape> _shapes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _layoutMethods = new(StringComparer.Ordinal);

    // The record the methods being written read their input from (null: a JSON value).
    private RecordShape? _layout;

    /// <summary>The kinds of record step a runner writes for a state.</summary>
    private enum RecordStep
    {
        /// <summary>The state's ordinary code over JSON (a record input is built first).</summary>
        Json,

        /// <summary>Parameters builds a record (from a record or JSON input).</summary>
        Build,

        /// <summary>Parameters builds JSON from a record input.</summary>
        BuildJson,

        /// <summary>ResultPath <c>$.name</c> sets one member of a record input.</summary>
        Set,

        /// <summary>A Pass state that outputs its record input as it is.</summary>
        Same,

        /// <summary>A Choice state whose rules read a record input, which it outputs as it is.</summary>
        Choice,
    }

    /// <summary>
    /// A record type: a set of member names (its fields, in the order first seen) and the orders its objects render them
    /// in (a record holds which: states that hand the same state records of the same names may order them differently).
    /// </summary>
    private sealed class RecordShape
    {
        public RecordShape(string type, List<string> keys, List<string> fields, string local)
        {
            Type = type;
            Keys = keys;
            Fields = fields;
            Local = local;
        }

        public string Type { get; }

        /// <summary>The member names, in the order of the fields and the constructor's parameters.</summary>
        public List<string> Keys { get; }

        public List<string> Fields { get; }

        /// <summary>The orders of the members in the object, by number (a record's <c>Order</c>).</summary>
        public List<List<string>> Orders { get; } = new();

        /// <summary>The runner's local that holds the current record of this shape.</summary>
        public string Local { get; }

        public string? Field(string key)
        {
            var i = Keys.IndexOf(key);
            return i < 0 ? null : Fields[i];
        }

        /// <summary>The number of an order of the members (added when new).</summary>
        public int Order(List<string> order, ref int added)
        {
            for (var i = 0; i < Orders.Count; i++)
            {
                if (Orders[i].SequenceEqual(order, StringComparer.Ordinal))
                {
                    return i;
                }
            }

            Orders.Add(order);
            added++;
            return Orders.Count - 1;
        }
    }

    // The shapes' orders added so far (the record analysis runs until no shape and no order is added).
    private int _ordersAdded;

    // The runner whose shapes are being made (records do not leave their runner).
    private string _recordScope = string.Empty;

    /// <summary>The record shape of these member names in this order (one shape per runner and set of names), and the order's number.</summary>
    private (RecordShape Shape, int Order) Shape(List<string> keys)
    {
        var sorted = new List<string>(keys);
        sorted.Sort(StringComparer.Ordinal);
        var id = _recordScope + "\u0000" + string.Join("\u0000", sorted);
        if (!_shapes.TryGetValue(id, out var shape))
        {
            var type = Unique("Record");
            // A field named like a member of object hides it (CS0108): a key "ToString" gets the field ToString2.
            var taken = new HashSet<string>(StringComparer.Ordinal)
            {
                "Json", "Order", type, "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize",
            };
            var fields = new List<string>();
            foreach (var key in keys)
            {
                var baseName = CSharpIdentifiers.ToPascalCase(key, "Member").TrimStart('@');
                var name = baseName;
                for (var n = 2; !taken.Add(name); n++)
                {
                    name = baseName + n.ToString(CultureInfo.InvariantCulture);
                }

                fields.Add(name);
            }

            shape = new RecordShape(type, new List<string>(keys), fields, char.ToLowerInvariant(type[0]) + type.Substring(1));
            _shapes[id] = shape;
        }

        return (shape, shape.Order(keys, ref _ordersAdded));
    }

    /// <summary>
    /// The shape with <paramref name="key"/> set (replaced where it is, else added last, as <c>SetItem</c> does) and, per
    /// order of <paramref name="shape"/>, the number of the order it becomes.
    /// </summary>
    private (RecordShape Shape, int[] Orders) WithMember(RecordShape shape, string key)
    {
        if (shape.Field(key) is not null)
        {
            var same = new int[shape.Orders.Count];
            for (var i = 0; i < same.Length; i++)
            {
                same[i] = i;
            }

            return (shape, same);
        }

        RecordShape? result = null;
        var orders = new int[shape.Orders.Count];
        for (var i = 0; i < orders.Length; i++)
        {
            var (added, order) = Shape(new List<string>(shape.Orders[i]) { key });
            result = added;
            orders[i] = order;
        }

        return (result ?? Shape(new List<string>(shape.Keys) { key }).Shape, orders);
    }

    /// <summary>
    /// The most members a record has. A record is a struct of a 16-byte field per member that the runner copies from
    /// state to state, and the method that builds it keeps a local per member until the end (C#'s flow analysis of such
    /// a method grows with the square of its locals: 4,000 members took seconds). A bigger template builds its object.
    /// </summary>
    private const int MaxRecordMembers = 256;

    /// <summary>
    /// The member names of an object template in the order it renders them, or null when two are the same or there are
    /// more than <see cref="MaxRecordMembers"/> (no record).
    /// </summary>
    private static List<string>? TemplateKeys(JsonObjectSyntax obj)
    {
        if (obj.Properties.Count > MaxRecordMembers)
        {
            return null;
        }

        var shape = new (string Name, bool IsPath)[obj.Properties.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            var isPath = IsPathMember(obj.Properties[i], out _);
            shape[i] = (isPath ? obj.Properties[i].Name.Substring(0, obj.Properties[i].Name.Length - 2) : obj.Properties[i].Name, isPath);
        }

        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in JavaHashMapOrder.TemplateOrder(shape))
        {
            if (!seen.Add(shape[index].Name))
            {
                return null;
            }

            keys.Add(shape[index].Name);
        }

        return keys;
    }

    /// <summary>The parameter list (without its closing parenthesis) of an expression method over the current input.</summary>
    private string Parameters(string method)
    {
        if (_layout is null)
        {
            return "(" + Json + " value, " + Frame + " frame";
        }

        _layoutMethods.Add(method);
        return "(in " + _layout.Type + " value, " + Frame + " frame";
    }

    /// <summary>The most members a template may have for its method over a record to be inlined into the runner.</summary>
    private const int MaxInlinedTemplateMembers = 16;

    /// <summary>
    /// Opens an expression method (a path, template, intrinsic call or Choice rule) over the current input. One that reads
    /// or writes a record (and is small) asks the JIT to inline it into the runner, its one caller: the record's fields
    /// then stay in the runner's locals instead of being copied through a call (workflow20: about 7% faster). Not in a
    /// definition big enough for its runner to go to parts: there inlining made a 5,000-state chain 6 to 15% slower.
    /// </summary>
    private void OpenExpressionMethod(IndentedSourceWriter m, string method, string extraParameters = "", bool small = true)
    {
        var parameters = Parameters(method);
        if (small && _stateCount <= MaxRunnerWeight && (_layout is not null || extraParameters.Length > 0))
        {
            m.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        }

        m.Open("private static " + Result + " " + method + parameters + extraParameters + ")");
    }

    /// <summary>The input as a JSON value (a record input is built: used where a path or a cause needs the object).</summary>
    private string ValueJson => _layout is null ? "value" : "value.Json";

    /// <summary>The record field a path's first step reads, when the input is a record that has that member.</summary>
    private string? RecordMember(JsonPathExpression path) =>
        _layout is not null && path.Root == JsonPathRoot.Input && path.Segments.Count > 0 &&
        path.Segments[0] is JsonPathPropertySegment { Names.Count: 1 } property
            ? _layout.Field(property.Name)
            : null;

    /// <summary>
    /// An expression method callable with the current input: itself, or (for one over JSON while the input is a
    /// record: a shared failing expression, a compiled path) a method that builds the record's JSON and calls it.
    /// </summary>
    private string Callable(string method)
    {
        if (_layout is null || _layoutMethods.Contains(method))
        {
            return method;
        }

        var wrapper = Unique("OverJson");
        var m = Method();
        m.Line("/// <summary><c>" + Xml(method) + "</c> over the record's JSON.</summary>");
        m.Line("private static " + Result + " " + wrapper + Parameters(wrapper) + ") => " + method + "(value.Json, frame);");
        return wrapper;
    }

    /// <summary>Runs <paramref name="write"/> with the methods it writes reading <paramref name="layout"/>.</summary>
    private T OverRecord<T>(RecordShape? layout, Func<T> write)
    {
        var saved = _layout;
        _layout = layout;
        try
        {
            return write();
        }
        finally
        {
            _layout = saved;
        }
    }

    /// <summary>The record step for a state of a runner, and its output shape (null: JSON).</summary>
    private (RecordStep Step, RecordShape? Output) RecordPlan(State state, Dictionary<string, string>? fields, RecordShape? input)
    {
        if (fields is null || fields.ContainsKey("InputPath") || fields.ContainsKey("OutputPath") || fields.ContainsKey("Assign"))
        {
            return (RecordStep.Json, null);
        }

        switch (state)
        {
            case PassState pass:
                var resultPath = pass.ResultPath;
                var whole = resultPath is null || (!resultPath.IsNull && resultPath.Path == "$");
                var growth = PassGrowth(pass);
                if (whole && pass.Result is null && pass.Parameters is JsonObjectSyntax obj && IsDynamic(obj) && TemplateError(obj, 0) is null)
                {
                    if (growth is not null && TemplateKeys(obj) is { } keys)
                    {
                        return (RecordStep.Build, Shape(keys).Shape);
                    }

                    return input is null ? (RecordStep.Json, null) : (RecordStep.BuildJson, null);
                }

                if (input is null || growth is null)
                {
                    return (RecordStep.Json, null);
                }

                if (whole && pass.Result is null && pass.Parameters is null)
                {
                    return (RecordStep.Same, input);
                }

                if (resultPath is { IsNull: false, Path: { } text } && JsonPathParser.TryParse(text, out var path, out _) &&
                    path!.Root == JsonPathRoot.Input && path.Function is null && path.Segments.Count == 1 &&
                    path.Segments[0] is JsonPathPropertySegment { Names.Count: 1 } member &&
                    (pass.Result is not null || (pass.Parameters is { } parameters && TemplateError(parameters, 0) is null)))
                {
                    return (RecordStep.Set, WithMember(input, member.Name).Shape);
                }

                return (RecordStep.Json, null);
            case ChoiceState choice when input is not null:
                var rules = _choiceBranches.TryGetValue(choice, out var b) ? b : new List<(string Condition, string? Assign, string? Next)>();
                foreach (var rule in rules)
                {
                    if (rule.Assign is not null)
                    {
                        return (RecordStep.Json, null);
                    }
                }

                return (RecordStep.Choice, input);
            default:
                return (RecordStep.Json, null);
        }
    }

    /// <summary>The states a state can hand its output to, by name (<see cref="State.Transitions"/>).</summary>
    private static IEnumerable<string> Targets(State state) => state.Transitions().Select(t => t.Target);

    /// <summary>
    /// The record shape each state of a graph is entered with (null: JSON), from a fixed point over the runner's jumps:
    /// a state entered from the graph's start, by a kernel step or from another part of the runner
    /// (<paramref name="jsonEntries"/>) gets JSON; one whose every direct predecessor hands it the same shape gets that shape.
    /// </summary>
    /// <remarks>
    /// The inline Maps of <paramref name="recordMaps"/> (a synchronous runner's) take part too: one whose input is a
    /// record it can finish as one (<see cref="RecordMapPlan"/>) hands its successor a record, else JSON.
    /// </remarks>
    private RecordShape?[] InputShapes(StateGraph graph, Dictionary<string, string>?[] directFields, Dictionary<string, int> indexes, RecordShape? entry, HashSet<int> recordMaps, HashSet<int> jsonEntries)
    {
        var states = graph.States;

        // reached[i]: some path enters the state; then shapes[i] null means it is entered with JSON.
        var reached = new bool[states.Count];
        var shapes = new RecordShape?[states.Count];
        void MarkJson(string name)
        {
            if (indexes.TryGetValue(name, out var i))
            {
                reached[i] = true;
                shapes[i] = null;
            }
        }

        if (graph.StartAt is { } start)
        {
            if (entry is not null && indexes.TryGetValue(start, out var startIndex))
            {
                // A processor whose parent hands it the ItemSelector's record.
                reached[startIndex] = true;
                shapes[startIndex] = entry;
            }
            else
            {
                MarkJson(start);
            }
        }

        foreach (var j in jsonEntries)
        {
            // Entered from another part of the runner (see Parts).
            reached[j] = true;
            shapes[j] = null;
        }

        bool Participates(int i) => directFields[i] is not null || recordMaps.Contains(i);
        RecordShape? OutputOf(int i) => directFields[i] is { } direct
            ? RecordPlan(states[i], direct, shapes[i]).Output
            : shapes[i] is { } input ? RecordMapPlan((MapState)states[i], input)?.Output : null;

        for (var i = 0; i < states.Count; i++)
        {
            if (!Participates(i))
            {
                foreach (var target in Targets(states[i]))
                {
                    MarkJson(target);
                }
            }
        }

        for (var changed = true; changed;)
        {
            var orders = _ordersAdded;
            changed = false;
            for (var i = 0; i < states.Count; i++)
            {
                if (!reached[i] || !Participates(i))
                {
                    continue;
                }

                var output = OutputOf(i);
                foreach (var target in Targets(states[i]))
                {
                    if (!indexes.TryGetValue(target, out var j))
                    {
                        continue;
                    }

                    if (!reached[j])
                    {
                        reached[j] = true;
                        shapes[j] = output;
                        changed = true;
                    }
                    else if (shapes[j] is not null && !ReferenceEquals(shapes[j], output))
                    {
                        shapes[j] = null;
                        changed = true;
                    }
                }
            }

            changed |= _ordersAdded != orders;
        }

        return shapes;
    }

    /// <summary>
    /// How a synchronous runner finishes a JSONPath inline Map over a record input without building it: with only an
    /// ItemsPath from the input, an ItemSelector and a ResultPath <c>$.name</c> (no InputPath, MaxConcurrency,
    /// ResultSelector, OutputPath or Assign), the output is the record with that member set. Null: the kernel's steps.
    /// </summary>
    private (RecordShape Output, string Key)? RecordMapPlan(MapState map, RecordShape input)
    {
        if (map.EffectiveQueryLanguage != QueryLanguage.JsonPath || map.Processor is null ||
            (map.InputPath is { } inputPath && (inputPath.IsNull || inputPath.Path != "$")) ||
            (map.OutputPath is { } outputPath && (outputPath.IsNull || outputPath.Path != "$")) ||
            map.MaxConcurrency is not null || map.MaxConcurrencyPath is not null || map.ResultSelector is not null || map.Assign is not null ||
            map.ItemReader is not null || map.ItemBatcher is not null || map.ResultWriter is not null ||
            map.Retry is { Count: > 0 } || map.Catch is { Count: > 0 } ||
            map.ItemsPath is not { } itemsPath || itemsPath == "$" || IntrinsicFunctionParser.LooksLikeCall(itemsPath) ||
            !JsonPathParser.TryParse(itemsPath, out var items, out _) || items!.Root != JsonPathRoot.Input ||
            map.ResultPath is not { IsNull: false, Path: { } resultPath } || !JsonPathParser.TryParse(resultPath, out var path, out _) ||
            path!.Root != JsonPathRoot.Input || path.Function is not null || path.Segments.Count != 1 ||
            path.Segments[0] is not JsonPathPropertySegment { Names.Count: 1 } member)
        {
            return null;
        }

        return (WithMember(input, member.Name).Shape, member.Name);
    }

    /// <summary>Whether a JSONPath template reads its input (<c>$</c>) anywhere: in a path, or in an intrinsic's argument.</summary>
    private static bool ReadsInput(JsonSyntaxNode? node) => AnyPathMember(node, ReadsInput);

    private static bool ReadsInput(string expression)
    {
        if (IntrinsicFunctionParser.LooksLikeCall(expression))
        {
            try
            {
                return ReadsInput(IntrinsicFunctionParser.Parse(expression));
            }
            catch (JsonPathSyntaxException)
            {
                return true;
            }
        }

        return !JsonPathParser.TryParse(expression, out var path, out _) || path!.Root == JsonPathRoot.Input;
    }

    private static bool ReadsInput(IntrinsicFunctionCall call)
    {
        foreach (var argument in call.Arguments)
        {
            if ((argument is IntrinsicPathArgument path && path.Path.Root == JsonPathRoot.Input) || (argument is IntrinsicFunctionCall inner && ReadsInput(inner)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An inline Map's ItemSelector as the runner writes it: its members when it gives a record, and the bound of its result.</summary>
    private sealed class MapSelector
    {
        public MapSelector(List<string>? keys, (long Constant, int ItemInputs, int Inputs)? growth)
        {
            Keys = keys;
            Growth = growth;
        }

        /// <summary>The record's members in the object's order, or null when the selector gives JSON.</summary>
        public List<string>? Keys { get; }

        /// <summary>The bound of the iteration's input: constant, sub-values of the item, sub-values of the effective input.</summary>
        public (long Constant, int ItemInputs, int Inputs)? Growth { get; }

        /// <summary>The record's shape in the processor's runner (set once the processor's runner is written).</summary>
        public RecordShape? Shape { get; set; }
    }

    /// <summary>
    /// How a JSONPath inline Map's ItemSelector (or Parameters) is written: as a record (an object template of distinct
    /// member names with a proved bound) or as JSON, and the bound of its result (none: the item itself).
    /// </summary>
    private static MapSelector Selector(MapState map)
    {
        if (map.EffectiveQueryLanguage != QueryLanguage.JsonPath)
        {
            return new MapSelector(null, null);
        }

        var node = map.ItemSelector ?? map.Parameters;
        if (node is null)
        {
            return new MapSelector(null, (0, 1, 0));
        }

        var growth = SelectorGrowth(node);
        var keys = growth is not null && node is JsonObjectSyntax obj && IsDynamic(obj) && TemplateError(obj, 0) is null ? TemplateKeys(obj) : null;
        return new MapSelector(keys, growth);
    }

    /// <summary>Writes the record structs the runners use.</summary>
    private void WriteRecords(IndentedSourceWriter w)
    {
        foreach (var shape in _shapes.Values)
        {
            w.Line();
            w.Line("/// <summary>A JSON object the runner holds as its members: " + Xml(Shorten(string.Join(", ", shape.Keys))) + ".</summary>");
            w.Open("private readonly struct " + shape.Type);
            w.Line("/// <summary>The order of the members in the object (a number of <see cref=\"Json\"/>'s orders).</summary>");
            w.Line("internal readonly int Order;");
            w.Line();
            for (var i = 0; i < shape.Keys.Count; i++)
            {
                w.Line("/// <summary>The member <c>" + Xml(shape.Keys[i]) + "</c>.</summary>");
                w.Line("internal readonly " + Json + " " + shape.Fields[i] + ";");
                w.Line();
            }

            var parameters = new List<string> { "int order" };
            for (var i = 0; i < shape.Keys.Count; i++)
            {
                parameters.Add(Json + " m" + i.ToString(CultureInfo.InvariantCulture));
            }

            w.Line("/// <summary>Takes the order and the members.</summary>");
            w.Open("internal " + shape.Type + "(" + string.Join(", ", parameters) + ")");
            w.Line("Order = order;");
            for (var i = 0; i < shape.Keys.Count; i++)
            {
                w.Line(shape.Fields[i] + " = m" + i.ToString(CultureInfo.InvariantCulture) + ";");
            }

            w.Close();
            w.Line();
            w.Line("/// <summary>The object itself, members in the record's order (built on each read).</summary>");
            if (shape.Orders.Count == 1)
            {
                w.Line("internal " + Json + " Json => " + ObjectOf(shape, shape.Orders[0]) + ";");
            }
            else
            {
                w.Line("internal " + Json + " Json => Order switch");
                w.Line("{");
                for (var i = 0; i < shape.Orders.Count; i++)
                {
                    var arm = i == shape.Orders.Count - 1 ? "_" : i.ToString(CultureInfo.InvariantCulture);
                    w.Line("    " + arm + " => " + ObjectOf(shape, shape.Orders[i]) + ",");
                }

                w.Line("};");
            }

            w.Close();
        }
    }

    private static string ObjectOf(RecordShape shape, List<string> order)
    {
        var members = new List<string>();
        foreach (var key in order)
        {
            members.Add(CJson + ".Member(" + Literal(key) + ", " + shape.Field(key) + ")");
        }

        return CJson + ".Object(new global::System.Collections.Generic.KeyValuePair<string, " + Json + ">[] { " + string.Join(", ", members) + " })";
    }

    /// <summary>The constructor call of a record: its order, then the members given by name in the order of the fields.</summary>
    private static string NewRecord(RecordShape shape, string order, Dictionary<string, string> members)
    {
        var arguments = new List<string> { order };
        foreach (var key in shape.Keys)
        {
            arguments.Add(members[key]);
        }

        return "new " + shape.Type + "(" + string.Join(", ", arguments) + ")";
    }
}
