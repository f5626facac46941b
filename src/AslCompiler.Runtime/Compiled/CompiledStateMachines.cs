using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using AslCompiler.Language.Json;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// The compiled state machine classes of this process, by definition hash. Each class the source generator emits
/// registers itself when its assembly is loaded (a module initializer); the Step Functions API then runs a started
/// definition with the compiled class whenever the definition matches one registered here, and with the interpreter
/// otherwise.
/// </summary>
/// <remarks>
/// <para>
/// Definitions match when their <see cref="CanonicalDefinition">canonical text</see> is equal: the JSON with every
/// whitespace outside strings removed and strings written with the language core's escaping (so <c>"\u0041"</c> and
/// <c>"A"</c> are the same), numbers, member order and duplicate members as written. Reformatting a definition keeps
/// the match; reordering members does not (it is then interpreted, with the same behaviour). The
/// <see cref="ComputeHash">hash</see> is the SHA-256 of the canonical text's UTF-8 bytes in lowercase hex, the
/// generated <c>DefinitionHash</c> constant. A lookup compares the canonical text too, not only the hash.
/// </para>
/// <para>
/// A class loaded in a collectible <see cref="System.Runtime.Loader.AssemblyLoadContext"/> does not keep that context
/// alive: its registration lives as long as its assembly.
/// </para>
/// </remarks>
public static class CompiledStateMachines
{
    private static readonly ConcurrentDictionary<string, Registration> ByHash = new(StringComparer.Ordinal);

    // Keeps a collectible assembly's program factories alive exactly as long as the assembly (an ephemeron per assembly).
    private static readonly ConditionalWeakTable<System.Reflection.Assembly, List<Func<StateMachineProgram>>> CollectibleFactories = new();

    /// <summary>
    /// Registers a compiled class: a later <see cref="TryGetProgram"/> of a definition with the same canonical text
    /// returns <paramref name="program"/>'s result. A later registration of the same hash replaces an earlier one
    /// (registering the same factory again changes nothing). Generated code calls this from a module initializer.
    /// </summary>
    /// <param name="definitionHash">The generated <c>DefinitionHash</c>: see <see cref="ComputeHash"/>.</param>
    /// <param name="definition">The generated <c>Definition</c>: the canonical text.</param>
    /// <param name="program">Returns the compiled program (called on first use by each engine, so it should cache).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Register(string definitionHash, string definition, Func<StateMachineProgram> program)
    {
        ArgumentNullException.ThrowIfNull(definitionHash);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(program);
        if (ByHash.TryGetValue(definitionHash, out var existing) && existing.TryGetFactory(out var current) && current.Equals(program)
            && string.Equals(existing.Definition, definition, StringComparison.Ordinal))
        {
            // The same class again (its typed entry points re-register): keep the registration and its count.
            return;
        }

        var assembly = program.Method.Module.Assembly;
        Registration registration;
        if (assembly.IsCollectible)
        {
            var factories = CollectibleFactories.GetValue(assembly, static _ => new List<Func<StateMachineProgram>>());
            lock (factories)
            {
                factories.Add(program);
            }

            registration = new Registration(definition, null, new WeakReference<Func<StateMachineProgram>>(program));
        }
        else
        {
            registration = new Registration(definition, program, null);
        }

        ByHash[definitionHash] = registration;
    }

    /// <summary>Whether a live compiled class is registered under <paramref name="definitionHash"/>.</summary>
    /// <param name="definitionHash">A <see cref="ComputeHash"/> value.</param>
    /// <returns>True when registered (and its assembly is still loaded).</returns>
    public static bool IsRegistered(string definitionHash)
    {
        ArgumentNullException.ThrowIfNull(definitionHash);
        return ByHash.TryGetValue(definitionHash, out var registration) && registration.TryGetFactory(out _);
    }

    /// <summary>
    /// How many times <see cref="TryGetProgram"/> chose the class registered under <paramref name="definitionHash"/>
    /// (the API's engine asks once per state machine revision or version it runs, then keeps the program).
    /// </summary>
    /// <param name="definitionHash">A <see cref="ComputeHash"/> value.</param>
    /// <returns>The count, 0 when nothing is registered under the hash.</returns>
    public static long SelectionCount(string definitionHash)
    {
        ArgumentNullException.ThrowIfNull(definitionHash);
        return ByHash.TryGetValue(definitionHash, out var registration) ? Interlocked.Read(ref registration.Selections) : 0;
    }

    /// <summary>The canonical text of a definition (see the remarks of <see cref="CompiledStateMachines"/>).</summary>
    /// <param name="definition">The definition's JSON text.</param>
    /// <returns>The canonical text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="definition"/> is not well-formed JSON.</exception>
    public static string CanonicalDefinition(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return TryCanonicalize(definition)
            ?? throw new ArgumentException("The definition is not well-formed JSON.", nameof(definition));
    }

    /// <summary>The SHA-256 of <paramref name="definition"/>'s canonical text (UTF-8), lowercase hex: the generated <c>DefinitionHash</c>.</summary>
    /// <param name="definition">The definition's JSON text.</param>
    /// <returns>64 lowercase hexadecimal digits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="definition"/> is not well-formed JSON.</exception>
    public static string ComputeHash(string definition) => HashOf(CanonicalDefinition(definition));

    /// <summary>The compiled program of <paramref name="definition"/>, when a class compiled from the same canonical definition is registered.</summary>
    /// <param name="definition">The definition's JSON text (as given to CreateStateMachine, say).</param>
    /// <param name="program">The compiled program, or null.</param>
    /// <returns>True when a compiled class matched.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static bool TryGetProgram(string definition, [NotNullWhen(true)] out StateMachineProgram? program)
    {
        ArgumentNullException.ThrowIfNull(definition);
        program = null;

        // Most processes compile nothing: no parsing then.
        if (ByHash.IsEmpty || TryCanonicalize(definition) is not { } canonical)
        {
            return false;
        }

        var hash = HashOf(canonical);
        if (!ByHash.TryGetValue(hash, out var registration) || !string.Equals(registration.Definition, canonical, StringComparison.Ordinal))
        {
            return false;
        }

        if (!registration.TryGetFactory(out var factory))
        {
            // Its assembly was unloaded.
            ByHash.TryRemove(new KeyValuePair<string, Registration>(hash, registration));
            return false;
        }

        program = factory();
        Interlocked.Increment(ref registration.Selections);
        return true;
    }

    private static string? TryCanonicalize(string definition)
    {
        var json = JsonSyntaxReader.Parse(definition);
        return json.Success ? json.Root!.ToJsonString() : null;
    }

    private static string HashOf(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    private sealed class Registration(string definition, Func<StateMachineProgram>? strong, WeakReference<Func<StateMachineProgram>>? weak)
    {
        public long Selections;

        public string Definition { get; } = definition;

        public bool TryGetFactory([NotNullWhen(true)] out Func<StateMachineProgram>? factory)
        {
            factory = strong;
            return factory is not null || (weak is not null && weak.TryGetTarget(out factory));
        }
    }
}
