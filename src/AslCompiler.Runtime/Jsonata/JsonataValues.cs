using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using AslCompiler.Language.Jsonata;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// The evaluator's values are plain objects, close to JSONata's JavaScript model: <c>null</c> is undefined,
/// <see cref="JsonataNull.Value"/> is JSON null, boxed <see cref="double"/>, <see cref="string"/>, boxed
/// <see cref="bool"/>, <see cref="JsonataArray"/> (arrays and sequences), <see cref="JsonObjectValue"/> (objects read
/// from the input, shared without copying), <see cref="JsonataObject"/> (objects built by the expression) and
/// <see cref="JsonataFunction"/>.
/// </summary>
internal sealed class JsonataNull
{
    public static readonly JsonataNull Value = new();

    private JsonataNull()
    {
    }

    public override string ToString() => "null";
}

/// <summary>Cached boxes for booleans.</summary>
internal static class Boxes
{
    public static readonly object True = true;
    public static readonly object False = false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Bool(bool value) => value ? True : False;
}

/// <summary>
/// A JSONata array or sequence (a sequence is a result collection that collapses when it holds one item). Growth
/// goes through <see cref="Add"/> and <see cref="AddRange"/>, which hold it to <see cref="JsonataLimits.MaxArrayLength"/>
/// items: every array an expression builds (constructors, <c>$append</c>, path results, flattening) is bounded there.
/// </summary>
internal sealed class JsonataArray : List<object?>
{
    public JsonataArray()
    {
    }

    public JsonataArray(int capacity)
        : base(capacity)
    {
    }

    /// <summary>
    /// A copy of <paramref name="items"/>: counted as built, and as work against the deadline, as <see cref="AddRange"/>
    /// counts its items (a built-in that copies ten million items, or copies parts of them ten million times, is held
    /// to the same bounds as one that adds them).
    /// </summary>
    public JsonataArray(IEnumerable<object?> items)
        : base(items)
    {
        JsonataLimits.Work(Count + 1);
        JsonataLimits.Built(Count);
    }

    /// <summary>
    /// The items of <paramref name="array"/> and of the arrays nested in it, depth first in order, without the nested
    /// arrays themselves (unless <paramref name="withNested"/>: then each nested array comes before its items). Iterative:
    /// a loop can nest arrays deeper than the stack allows recursion. Each array visited counts as work.
    /// </summary>
    public static IEnumerable<object?> Leaves(JsonataArray array, bool withNested = false)
    {
        var pending = new Stack<(JsonataArray Array, int Next)>();
        JsonataLimits.Work(array.Count + 1);
        pending.Push((array, 0));
        while (pending.Count > 0)
        {
            var (current, next) = pending.Pop();
            if (next >= current.Count)
            {
                continue;
            }

            pending.Push((current, next + 1));
            var item = current[next];
            if (item is JsonataArray inner)
            {
                if (withNested)
                {
                    yield return inner;
                }

                JsonataLimits.Work(inner.Count + 1);
                pending.Push((inner, 0));
            }
            else
            {
                yield return item;
            }
        }
    }

    /// <summary>A result sequence (as opposed to an array value).</summary>
    public bool Sequence { get; set; }

    /// <summary>A singleton sequence that must stay an array (<c>[]</c> suffix).</summary>
    public bool KeepSingleton { get; set; }

    /// <summary>The wrapper JSONata puts around an array input document.</summary>
    public bool OuterWrapper { get; set; }

    /// <summary>A sequence of tuples (each item a <see cref="JsonataTuple"/>).</summary>
    public bool TupleStream { get; set; }

    /// <summary>An array built by an array constructor at the start or end of a path (not flattened).</summary>
    public bool Cons { get; set; }

    /// <summary>Adds an item, within <see cref="JsonataLimits.MaxArrayLength"/>.</summary>
    public new void Add(object? item)
    {
        if (Count >= JsonataLimits.MaxArrayLength)
        {
            JsonataLimits.CheckArrayLength(Count + 1d);
        }

        JsonataLimits.Built(item is string text ? 1 + text.Length : 1);
        base.Add(item);
    }

    /// <summary>Adds items, within <see cref="JsonataLimits.MaxArrayLength"/>; the copy counts as work against the deadline.</summary>
    public new void AddRange(IEnumerable<object?> items)
    {
        if (items is ICollection<object?> collection)
        {
            JsonataLimits.CheckArrayLength((double)Count + collection.Count);
            JsonataLimits.Work(collection.Count);
            JsonataLimits.Built(collection.Count);
            base.AddRange(collection);
            return;
        }

        foreach (var item in items)
        {
            Add(item);
        }
    }

    public static JsonataArray CreateSequence() => new() { Sequence = true };

    public static JsonataArray CreateSequence(object? item)
    {
        var s = new JsonataArray(1) { Sequence = true };
        s.Add(item);
        return s;
    }
}

/// <summary>A tuple of a tuple stream: the item under <c>@</c> plus variable bindings.</summary>
internal sealed class JsonataTuple : Dictionary<string, object?>
{
    public JsonataTuple()
        : base(StringComparer.Ordinal)
    {
    }

    public JsonataTuple(JsonataTuple other)
        : base(other, StringComparer.Ordinal)
    {
    }

    public object? Focus
    {
        get => TryGetValue("@", out var v) ? v : null;
        set => this["@"] = value;
    }
}

/// <summary>A mutable object with insertion-ordered keys, built by an expression (transforms mutate clones).</summary>
internal sealed class JsonataObject
{
    private readonly List<string> _keys;
    private readonly Dictionary<string, object?> _values;

    public JsonataObject()
    {
        // An object's own parts (a list and a dictionary) weigh as much as several items: they count as such (see
        // JsonataLimits.MaxBuilt), and each member as one more.
        JsonataLimits.Built(ObjectWeight);
        _keys = new List<string>();
        _values = new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    public JsonataObject(int capacity)
    {
        JsonataLimits.Built(ObjectWeight);
        _keys = new List<string>(capacity);
        _values = new Dictionary<string, object?>(capacity, StringComparer.Ordinal);
    }

    /// <summary>What a new object counts for against JsonataLimits.MaxBuilt, besides its members.</summary>
    private const int ObjectWeight = 8;

    public int Count => _keys.Count;

    public IReadOnlyList<string> Keys => _keys;

    public object? this[string key]
    {
        get => _values.TryGetValue(key, out var v) ? v : null;
        set
        {
            if (!_values.ContainsKey(key))
            {
                // A new member counts as an item built (see JsonataLimits.MaxBuilt), as an array's does.
                JsonataLimits.Built(1);
                _keys.Add(key);
            }

            _values[key] = value;
        }
    }

    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public void Remove(string key)
    {
        if (_values.Remove(key))
        {
            _keys.Remove(key);
        }
    }
}

/// <summary>The <c>?</c> placeholder value of a partial application.</summary>
internal sealed class JsonataPlaceholder
{
    public static readonly JsonataPlaceholder Value = new();

    private JsonataPlaceholder()
    {
    }
}

/// <summary>A function value: built-in, lambda, partial application, regex or composition.</summary>
internal abstract class JsonataFunction
{
    /// <summary>How many arguments higher-order functions pass to it (JavaScript's <c>Function.length</c>).</summary>
    public abstract int Arity { get; }

    public JsonataFunctionSignature? Signature { get; protected init; }
}

internal delegate object? BuiltinImplementation(JsonataEvaluator evaluator, object?[] args, object? input, JsonataFrame env);

internal sealed class BuiltinFunction : JsonataFunction
{
    public BuiltinFunction(string name, string? signature, int arity, BuiltinImplementation implementation)
    {
        Name = name;
        Signature = signature is null ? null : JsonataFunctionSignature.Parse(signature);
        ArityValue = arity;
        Implementation = implementation;
    }

    public string Name { get; }

    private int ArityValue { get; }

    public override int Arity => ArityValue;

    public BuiltinImplementation Implementation { get; }
}

internal sealed class LambdaFunction : JsonataFunction
{
    public LambdaFunction(JsonataLambdaNode node, object? input, JsonataFrame environment)
    {
        Node = node;
        Input = input;
        Environment = environment;
        Signature = node.Signature is null ? null : JsonataFunctionSignature.Parse(node.Signature.Definition);
    }

    public JsonataLambdaNode Node { get; }

    public object? Input { get; }

    public JsonataFrame Environment { get; }

    public bool IsThunk => Node.IsThunk;

    public override int Arity => Node.Parameters.Count;
}

/// <summary>A lambda compiled to C# by the source generator: applied as <see cref="LambdaFunction"/> is, its body run as code.</summary>
internal sealed class CompiledLambdaFunction : JsonataFunction
{
    public CompiledLambdaFunction(string[] parameters, string? signature, AslCompiler.Runtime.Compiled.JsonataCompiledBody body, object? input, JsonataFrame environment)
    {
        Parameters = parameters;
        Body = body;
        Input = input;
        Environment = environment;
        Signature = signature is null ? null : JsonataFunctionSignature.Parse(signature);
    }

    public string[] Parameters { get; }

    public AslCompiler.Runtime.Compiled.JsonataCompiledBody Body { get; }

    public object? Input { get; }

    public JsonataFrame Environment { get; }

    public override int Arity => Parameters.Length;
}

/// <summary>
/// A call in tail position of a compiled lambda body, not yet made: <see cref="JsonataEvaluator.Apply"/> makes it in
/// its loop (as for a thunk <see cref="LambdaFunction"/>), so tail recursion does not deepen the stack.
/// </summary>
internal sealed class CompiledThunk : JsonataFunction
{
    private readonly AslCompiler.Runtime.Compiled.JsonataScope _scope;
    private readonly object? _input;
    private readonly AslCompiler.Runtime.Compiled.JsonataCompiledBody _procedure;
    private readonly AslCompiler.Runtime.Compiled.JsonataCompiledBody _arguments;

    public CompiledThunk(
        AslCompiler.Runtime.Compiled.JsonataScope scope,
        object? input,
        int position,
        string? name,
        AslCompiler.Runtime.Compiled.JsonataCompiledBody procedure,
        AslCompiler.Runtime.Compiled.JsonataCompiledBody arguments)
    {
        _scope = scope;
        _input = input;
        Position = position;
        Name = name;
        _procedure = procedure;
        _arguments = arguments;
    }

    /// <summary>The call's offset (its errors carry it).</summary>
    public int Position { get; }

    /// <summary>The called variable's name, when the procedure is a variable.</summary>
    public string? Name { get; }

    public override int Arity => 0;

    /// <summary>Evaluates the procedure, then the arguments, in the scope and on the context the call was written in.</summary>
    public (object? Procedure, object?[] Arguments) Evaluate()
    {
        var procedure = _procedure(_scope, _input);
        return (procedure, (object?[])_arguments(_scope, _input)!);
    }
}

internal sealed class PartialFunction : JsonataFunction
{
    public PartialFunction(JsonataFunction target, object?[] arguments)
    {
        Target = target;
        Arguments = arguments;
        var count = 0;
        foreach (var a in arguments)
        {
            if (ReferenceEquals(a, JsonataPlaceholder.Value))
            {
                count++;
            }
        }

        PlaceholderCount = count;
    }

    public JsonataFunction Target { get; }

    public object?[] Arguments { get; }

    public int PlaceholderCount { get; }

    public override int Arity => PlaceholderCount;
}

/// <summary><c>$f ~&gt; $g</c> on two functions: <c>λ($x){ $g($f($x)) }</c>.</summary>
internal sealed class ComposedFunction : JsonataFunction
{
    public ComposedFunction(object first, object second)
    {
        First = first;
        Second = second;
    }

    public object First { get; }

    public object Second { get; }

    public override int Arity => 1;
}

/// <summary>A regular expression literal, usable as a matcher.</summary>
internal sealed class RegexFunction : JsonataFunction
{
    public RegexFunction(System.Text.RegularExpressions.Regex regex, string source, int position)
    {
        Regex = regex;
        Source = source;
        Position = position;
    }

    public System.Text.RegularExpressions.Regex Regex { get; }

    public string Source { get; }

    public int Position { get; }

    public override int Arity => 1;
}

/// <summary>A variable scope. Lookups fall through to the enclosing scope when a name is unbound (or bound to undefined).</summary>
internal sealed class JsonataFrame
{
    private Dictionary<string, object?>? _bindings;

    public JsonataFrame(JsonataFrame? parent) => Parent = parent;

    public JsonataFrame? Parent { get; }

    public void Bind(string name, object? value) => (_bindings ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;

    /// <summary>The names this frame binds (not its parents').</summary>
    public IEnumerable<string> Names => _bindings?.Keys ?? (IEnumerable<string>)Array.Empty<string>();

    public object? Lookup(string name)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame._bindings is not null && frame._bindings.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }
}

/// <summary>Conversions between <see cref="JsonValue"/> and evaluator values.</summary>
internal static class JsonataConvert
{
    public static object? FromJson(JsonValue value)
    {
        switch (value.Kind)
        {
            case JsonKind.Undefined:
                return null;
            case JsonKind.Null:
                return JsonataNull.Value;
            case JsonKind.Boolean:
                return Boxes.Bool(value.IsTrue);
            case JsonKind.Number:
                return value.NumberAsDouble();
            case JsonKind.String:
                return value.GetString();
            case JsonKind.Array:
                var array = value.GetArray();
                var result = new JsonataArray(array.Count);
                foreach (var item in array.AsSpan())
                {
                    result.Add(FromJson(item));
                }

                return result;
            default:
                return value.GetObject();
        }
    }

    /// <summary>
    /// Converts a value to JSON. Functions become undefined (dropped from objects, null in arrays). Arrays and objects
    /// can share parts, which the JSON repeats: past <see cref="JsonataLimits.MaxCopiedValues"/> items the conversion fails.
    /// </summary>
    public static JsonValue ToJson(object? value)
    {
        JsonataLimits.CheckCopySize(value, inputObjects: false);
        return ToJson(value, 0);
    }

    private static JsonValue ToJson(object? value, int depth)
    {
        if (depth > 2000)
        {
            throw new JsonataException("U1001", "The result is nested too deeply");
        }

        switch (value)
        {
            case null:
                return default;
            case JsonataNull:
                return JsonValue.Null;
            case bool b:
                return JsonValue.FromBoolean(b);
            case double d:
                return NumberToJson(d);
            case string s:
                return JsonValue.FromString(s);
            case JsonObjectValue o:
                return JsonValue.FromObject(o);
            case JsonataArray a:
                if (a.OuterWrapper && a.Count > 0)
                {
                    return ToJson(a[0], depth + 1);
                }

                var items = new JsonValue[a.Count];
                for (var i = 0; i < a.Count; i++)
                {
                    var item = ToJson(a[i], depth + 1);
                    items[i] = item.IsUndefined ? JsonValue.Null : item;
                }

                return JsonValue.FromArray(JsonArrayValue.Create(items));
            case JsonataObject jo:
                var builder = new JsonObjectBuilder(jo.Count);
                foreach (var key in jo.Keys)
                {
                    var v = ToJson(jo[key], depth + 1);
                    if (!v.IsUndefined)
                    {
                        builder.Set(key, v);
                    }
                }

                return JsonValue.FromObject(builder.ToObject());
            case JsonataTuple t:
                return ToJson(t.Focus, depth + 1);
            default:
                return default;
        }
    }

    /// <summary>JSONata numbers are doubles; integral values up to 2^53 print as integers, others as doubles.</summary>
    public static JsonValue NumberToJson(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new JsonataException("D1001", "Number out of range: " + JsonataText.FormatNumber(d)) { Value = d };
        }

        if (Math.Floor(d) == d && Math.Abs(d) <= 9007199254740992d)
        {
            return JsonValue.FromNumber((long)d);
        }

        return JsonValue.FromNumber(d);
    }
}
