import { createApp } from './app';

const port = Number(process.env.PORT ?? ${{ values.port }});
createApp().listen(port, () => {
  console.log(`${{ values.name }} listening on port ${port}`);
});
