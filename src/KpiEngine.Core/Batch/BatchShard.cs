using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KpiEngine.Batch;

/// <summary>
/// One shard of a batch: the clients whose id hashes to <see cref="Index"/> out of <see cref="Count"/>.
/// The hash is SHA-256 of the id in lower case, so a retried or re-run shard picks the same clients
/// on any machine, and two clients whose ids differ only in case (which would write the same files)
/// land in the same shard, where the batch finds the clash as it does unsharded.
/// </summary>
/// <param name="Index">The shard, from 0 to <paramref name="Count"/> - 1 (a Kubernetes completion index, a Slurm array task id).</param>
/// <param name="Count">How many shards the batch is split into.</param>
public readonly record struct BatchShard(int Index, int Count)
{
    /// <summary>The most shards a batch may be split into.</summary>
    public const int MaxCount = 100_000;

    /// <summary>Whether the client with <paramref name="clientId"/> belongs to this shard.</summary>
    public bool Contains(string clientId)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        return Of(clientId, Count) == Index;
    }

    /// <summary>The shard, from 0 to <paramref name="count"/> - 1, that the client with <paramref name="clientId"/> belongs to.</summary>
    public static int Of(string clientId, int count)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(clientId.ToLowerInvariant()), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>
    /// Reads <c>i/n</c> (0 &lt;= i &lt; n &lt;= <see cref="MaxCount"/>); null with the reason in
    /// <paramref name="problem"/> when <paramref name="text"/> is not one.
    /// </summary>
    public static BatchShard? Parse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            problem = $"'{text}' is not a shard: write INDEX/COUNT, e.g. 0/4 for the first of four shards.";
            return null;
        }

        if (count < 1 || count > MaxCount)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"'{text}': the shard count must be from 1 to {MaxCount}.");
            return null;
        }

        if (index >= count)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"'{text}': shard indexes count from 0, so the shards of {count} are 0/{count} to {count - 1}/{count}.");
            return null;
        }

        problem = null;
        return new BatchShard(index, count);
    }

    /// <summary>The summary file this shard writes beside the outputs: <c>run-summary.shard-I-of-N.json</c>.</summary>
    public string SummaryFileName => string.Create(CultureInfo.InvariantCulture, $"run-summary.shard-{Index}-of-{Count}.json");

    /// <summary>The shard as written on the command line, <c>i/n</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
