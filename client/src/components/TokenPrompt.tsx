import { useState } from 'preact/hooks';
import { problem, signIn } from '../board/store';

export function TokenPrompt() {
  const [value, setValue] = useState('');
  return (
    <main class="token-prompt">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) void signIn(value.trim());
        }}
      >
        <h1>
          <span class="brand-mark" aria-hidden="true">▣</span> Dockwatch
        </h1>
        <p>Enter the staff token printed when the server started (or open the board link it printed).</p>
        <label>
          Staff token
          <input type="password" autoComplete="off" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        </label>
        {problem.value && (
          <p class="error" role="alert">
            {problem.value}
          </p>
        )}
        <button type="submit">Open the board</button>
      </form>
    </main>
  );
}
